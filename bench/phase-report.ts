import os from 'node:os';
import type { ProfileSummary } from './cpu-profile.js';
import type { TrafficFacts } from './message-generator.js';
import { figure, note } from './report.js';
import type { SqlProfile } from './sql-profile.js';
import type { StageTimes } from './stage-timing.js';

/** Other processes on the machine skew the figures; the load average tells when they did. */
export function printLoad(): void {
  const [one, five] = os.loadavg();
  note(`load average: ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min)`);
}

export function printTraffic(facts: TrafficFacts): void {
  const days = (facts.lastCreatedAt - facts.firstCreatedAt) / 86_400_000;
  note(
    `traffic: ${facts.messages} messages in ${facts.threads} threads over ${days.toFixed(0)} days; ` +
      `${(facts.replyShare * 100).toFixed(0)}% replies, ${facts.replyBeforeParent} delivered ` +
      `before their parent, ${(facts.returningAuthorShare * 100).toFixed(0)}% of inbound from ` +
      'returning authors',
  );
}

export function printStages(
  stageTimes: StageTimes,
  halves: { careSeconds: number; listenSeconds: number },
  suffix: string,
): void {
  const print = (totals: Map<string, number>) => {
    let inStages = 0;
    for (const [name, milliseconds] of totals) {
      inStages += milliseconds;
      figure(`stage_s_${name.replace(/-/g, '_')}${suffix}`, milliseconds / 1000);
    }
    return inStages / 1000;
  };
  const care = print(stageTimes.care);
  const listening = print(stageTimes.listening);
  // Claiming jobs, loading and parsing the events (the messages, for listening), marking them
  // processed, deleting the jobs, commits, and the follow-up jobs of each half.
  figure(`care_outside_stages_s${suffix}`, halves.careSeconds - care);
  figure(`listen_outside_stages_s${suffix}`, halves.listenSeconds - listening);
  figure(`outside_stages_s${suffix}`, halves.careSeconds + halves.listenSeconds - care - listening);
}

export function printSqlProfile(profile: SqlProfile, half: string, seconds: number): void {
  const entries = [...profile.costs.entries()].sort(
    ([, a], [, b]) => b.prepareMs + b.executeMs - (a.prepareMs + a.executeMs),
  );
  let prepare = 0;
  let execute = 0;
  for (const [, cost] of entries) {
    prepare += cost.prepareMs;
    execute += cost.executeMs;
  }
  note(
    `sql (${half}): prepare ${(prepare / 1000).toFixed(2)} s, execute ` +
      `${(execute / 1000).toFixed(2)} s, of ${seconds.toFixed(2)} s wall time`,
  );
  for (const [label, cost] of entries.slice(0, 14)) {
    const total = ((cost.prepareMs + cost.executeMs) / 1000).toFixed(2).padStart(6);
    const calls = String(cost.calls).padStart(7);
    note(`  ${total} s (prepare ${(cost.prepareMs / 1000).toFixed(2)}) ${calls}x  ${label}`);
  }
}

export function printCpuSummary(summary: ProfileSummary, file: string): void {
  const share = (milliseconds: number) =>
    `${((milliseconds / summary.totalMs) * 100).toFixed(1).padStart(5)}%`;
  note(`cpu profile of the processing half: ${file}`);
  for (const [area, milliseconds] of summary.byArea.slice(0, 12)) {
    note(`  ${share(milliseconds)}  ${area}`);
  }
  note('  top functions by self time:');
  for (const [label, milliseconds] of summary.byFunction.slice(0, 20)) {
    note(`  ${share(milliseconds)}  ${label}`);
  }
}
