import {
  defaultDemoSeed,
  demoCompany,
  demoSlaPolicies,
  seedDemo,
} from '../../modules/demo/index.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { formatCount } from '../progress-bar.js';
import { openRuntime } from '../runtime.js';

const usage = `hearken demo [--seed N] [--no-process] [--json]

Fills this instance with a demo organisation, ${demoCompany.name} (invented): three teams in
three timezones with their business hours, SLA policies (first response within 1 h of business
hours, 30 min for high and urgent priority), six channel accounts and about 300 conversations
over the last 14 days; a lead and two agents in each team (their passwords are printed once),
labels, canned replies, routing rules, and conversations assigned to the teams' people and to
the admins (who join the Social team). Running it again adds nothing.

Options:
  --seed N      another, equally repeatable, set of conversations (default ${defaultDemoSeed})
  --no-process  queue the messages for the server's worker instead of processing them now
  --json        print the summary as JSON on stdout`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Fill the instance with a demo organisation and two weeks of conversations',
  usage,
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      seed: 'string',
      'no-process': 'boolean',
      json: 'boolean',
    });
    if (parsed.positionals.length > 0) {
      throw new CliUsageError(`unexpected argument "${parsed.positionals[0]}"`);
    }
    const seedText = stringFlag(parsed, 'seed');
    const seed = seedText === undefined ? defaultDemoSeed : Number(seedText);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new CliUsageError('--seed takes a whole number');
    }

    const runtime = await openRuntime({ quiet: true });
    try {
      const started = performance.now();
      const summary = await seedDemo(runtime, { seed, process: !parsed.flags.has('no-process') });
      const seconds = (performance.now() - started) / 1000;
      if (parsed.flags.has('json')) {
        io.stdout.write(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
        return 0;
      }
      const lines = [
        `${demoCompany.name} demo (seed ${summary.seed})`,
        `  teams             ${summary.teams} (Billing in Sydney, Product in Berlin, Social in Chicago)`,
        `  channel accounts  ${summary.channelAccounts} (twitter, facebook, email, whatsapp)`,
        `  SLA policies      ${demoSlaPolicies.length} (first response 1 h in business hours, 30 min for high and urgent)${summary.slaPoliciesCreated === 0 ? ', already there' : ''}`,
        `  messages          ${formatCount(summary.messages)}: ${formatCount(summary.accepted)} new, ${formatCount(summary.duplicates)} already there`,
        `  time              ${seconds.toFixed(1)} s`,
      ];
      const workspace = summary.workspace;
      if (workspace) {
        lines.push(
          `  set up            ${workspace.labelsCreated} labels, ${workspace.cannedRepliesCreated} canned replies, ${workspace.rulesCreated} routing rules; ${workspace.labelled} conversations labelled, ${workspace.assigned} assigned`,
        );
      }
      if (summary.usersCreated.length > 0) {
        // Written once, here: the passwords are stored only as hashes.
        lines.push('', '  Demo users (these passwords are shown only now):');
        for (const user of summary.usersCreated) {
          lines.push(
            `    ${user.role.padEnd(5)}  ${user.team.padEnd(8)}  ${user.email.padEnd(34)}  ${user.password}`,
          );
        }
        lines.push('  Lost one? Run: hearken users reset-password <e-mail>', '');
      }
      if (summary.accepted === 0) lines.push('  The demo was already loaded: nothing was added.');
      if (!summary.processed) {
        lines.push(
          '  not processed yet: `hearken serve` or `hearken worker` will process the queue',
        );
      }
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
