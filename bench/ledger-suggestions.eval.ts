/**
 * Ledger suggestions evaluation (issue 13): how often "this looks like decision X" names the
 * right decision. The negative airline tweets go through the real pipeline (classification,
 * themes, near-duplicates); one decision is made per human `negativereason`, half of each
 * reason's tweets (seeded) are linked to it, and every other tweet asks for suggestions.
 * precision@1 = the top suggestion is the tweet's reason, among tweets that got one;
 * recall@1 = the same count over all held-out tweets; coverage = the share that got any.
 * The baseline always names the largest reason. Prints figures only, never tweet text.
 * Run: `npm run eval:suggestions [-- --json]`.
 */
import fs from 'node:fs';
import { systemPrincipal } from '../src/modules/auth/index.js';
import { acceptInbound } from '../src/modules/ingest/index.js';
import { createDecision, linkFeedback, suggestDecisions } from '../src/modules/ledger/index.js';
import { SeededRandom } from '../src/platform/seeded-random.js';
import { airlineFile, loadNegativeTweets } from './airline-tweets.js';
import { openBenchRuntime } from './bench-runtime.js';

const json = process.argv.includes('--json');
const print = (line: string) => process.stdout.write(`${line}\n`);

/** The reasons a decision can stand for ("Can't Tell" is no reason). */
const loadTweets = () =>
  loadNegativeTweets().filter((tweet) => tweet.reason && tweet.reason !== "Can't Tell");

async function main() {
  if (!fs.existsSync(airlineFile)) {
    print(`skipped: ${airlineFile} is not here (see ../shared/data/README.md)`);
    return;
  }
  const tweets = loadTweets();
  const runtime = await openBenchRuntime();
  try {
    const organisationId = runtime.organisationId;
    for (let start = 0; start < tweets.length; start += 500) {
      const batch = tweets.slice(start, start + 500).map((tweet) => ({
        channel: 'twitter',
        channel_account: 'AirlineCare',
        external_id: `airline-${tweet.id}`,
        direction: 'inbound' as const,
        author: { handle: `customer_${tweet.id}`, name: 'Customer' },
        text: tweet.text,
        created_at: new Date(tweet.at).toISOString(),
      }));
      await acceptInbound(runtime.database, organisationId, batch, 'eval');
    }
    await runtime.worker.drain();
    const rows = await runtime.database.db
      .selectFrom('messages')
      .select(['id', 'external_id'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const messageOf = new Map(rows.map((row) => [row.external_id, row.id]));

    const principal = systemPrincipal(organisationId, 'eval');
    const random = new SeededRandom(13);
    const reasons = [...new Set(tweets.map((tweet) => tweet.reason))].sort();
    const decisionOf = new Map<string, number>();
    const heldOut: { messageId: number; reason: string }[] = [];
    for (const reason of reasons) {
      const decision = await createDecision(runtime, principal, { title: reason });
      decisionOf.set(reason, decision.id);
      const ofReason = tweets.filter((tweet) => tweet.reason === reason);
      const linked: number[] = [];
      for (const tweet of ofReason) {
        const messageId = messageOf.get(`airline-${tweet.id}`);
        if (messageId === undefined) continue;
        if (random.next() < 0.5) linked.push(messageId);
        else heldOut.push({ messageId, reason });
      }
      for (let start = 0; start < linked.length; start += 500) {
        await linkFeedback(runtime, principal, decision.id, {
          message_ids: linked.slice(start, start + 500),
        });
      }
    }

    const counts = new Map<string, number>();
    for (const tweet of tweets) counts.set(tweet.reason, (counts.get(tweet.reason) ?? 0) + 1);
    const largest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    let suggested = 0;
    let correct = 0;
    let correctInTop3 = 0;
    let baselineCorrect = 0;
    const started = performance.now();
    for (const item of heldOut) {
      const suggestions = await suggestDecisions(runtime, principal, item.messageId, 3);
      const wanted = decisionOf.get(item.reason);
      if (suggestions.length > 0) suggested++;
      if (suggestions[0]?.id === wanted) correct++;
      if (suggestions.some((suggestion) => suggestion.id === wanted)) correctInTop3++;
      if (item.reason === largest) baselineCorrect++;
    }
    const milliseconds = (performance.now() - started) / Math.max(1, heldOut.length);
    const round = (value: number) => Math.round(value * 1000) / 1000;
    const figures = {
      tweets: tweets.length,
      reasons: reasons.length,
      held_out: heldOut.length,
      coverage: round(suggested / heldOut.length),
      precision_at_1: round(correct / Math.max(1, suggested)),
      recall_at_1: round(correct / heldOut.length),
      recall_at_3: round(correctInTop3 / heldOut.length),
      baseline_largest_reason_accuracy: round(baselineCorrect / heldOut.length),
      ms_per_suggestion: Math.round(milliseconds * 10) / 10,
    };
    if (json) print(JSON.stringify(figures));
    else for (const [key, value] of Object.entries(figures)) print(`${key}=${value}`);
  } finally {
    await runtime.dispose();
  }
}

await main();
