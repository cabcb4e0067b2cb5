import { bypassReport, bypassSettings } from '../../modules/bypass/index.js';
import { type CredibilityGroup, credibilityOf } from '../../modules/ledger/index.js';
import { firstResponseSummary, rebuildConversationMetrics } from '../../modules/reports/index.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { openRuntime } from '../runtime.js';

const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1h`, `30m`, `1h30m`, `90s`, `2d` to milliseconds. */
function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new CliUsageError(`--target "${text}" is not a duration like 1h, 30m or 1h30m`);
  }
  return parts.reduce(
    (sum, part) => sum + Number(part[1]) * (units[part[2] as string] as number),
    0,
  );
}

function instant(text: string, flag: string): number {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : Date.parse(text);
  if (Number.isNaN(value))
    throw new CliUsageError(`--${flag} "${text}" is not a date (2017-10-31 or ISO 8601)`);
  return value;
}

const columns = [
  'conversations',
  'answered',
  'frt_p50_s',
  'frt_p90_s',
  'within_target_pct',
] as const;

export const reportCommand: CliCommand = {
  name: 'report',
  summary:
    'SLA figures (report sla), the social bypass rate (report bypass), the credibility gap (report loop), or rebuild the report rollup (report rebuild)',
  usage:
    'hearken report sla --target 1h [--json] [--from DATE] [--to DATE]\n' +
    '       hearken report bypass [--json] [--from DATE] [--to DATE]\n' +
    '       hearken report loop [--json] [--from DATE] [--to DATE] [--days 14] [--group-by team|channel|week]\n' +
    '       hearken report rebuild',
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      target: 'string',
      json: 'boolean',
      from: 'string',
      to: 'string',
      days: 'string',
      'group-by': 'string',
    });
    const [sub] = parsed.positionals;
    if (sub !== 'sla' && sub !== 'bypass' && sub !== 'rebuild' && sub !== 'loop')
      throw new CliUsageError('say which report: sla, bypass, loop or rebuild');
    if (sub === 'loop') return loopReport(parsed, io);
    const runtime = await openRuntime({ quiet: true });
    try {
      const { db } = runtime.database;
      if (sub === 'rebuild') {
        const count = await rebuildConversationMetrics(db, runtime.organisationId, Date.now());
        io.stdout.write(`rebuilt the report rollup of ${count} conversations\n`);
        return 0;
      }
      if (sub === 'bypass') {
        const fromText = stringFlag(parsed, 'from');
        const toText = stringFlag(parsed, 'to');
        const report = await bypassReport(
          db,
          runtime.organisationId,
          bypassSettings(runtime.config),
          {
            from: fromText ? instant(fromText, 'from') : 0,
            to: toText ? instant(toText, 'to') : Date.now(),
          },
        );
        if (parsed.flags.has('json')) {
          io.stdout.write(
            `${JSON.stringify({ definitions: 'docs/metrics.md#social-bypass', ...report })}\n`,
          );
          return 0;
        }
        const percent = (value: number | null) =>
          value === null ? '-' : `${(value * 100).toFixed(1)}%`;
        io.stdout.write(
          `social bypass: ${report.total.bypassed} of ${report.total.conversations} social conversations (${percent(report.total.rate)})\n`,
        );
        for (const row of report.by_channel) {
          io.stdout.write(
            `  ${row.channel.padEnd(16)}${String(row.bypassed).padStart(8)} / ${String(row.conversations).padEnd(8)}${percent(row.rate)}\n`,
          );
        }
        for (const row of report.from_channels) {
          io.stdout.write(`  from ${row.channel.padEnd(11)}${String(row.bypassed).padStart(8)}\n`);
        }
        return 0;
      }
      const target = stringFlag(parsed, 'target');
      if (!target) throw new CliUsageError('--target is required, e.g. --target 1h');
      const targetMs = parseDuration(target);
      const fromText = stringFlag(parsed, 'from');
      const toText = stringFlag(parsed, 'to');
      // Without a range the whole history counts (imports are often years old).
      const from = fromText ? instant(fromText, 'from') : 0;
      const to = toText ? instant(toText, 'to') : Number.MAX_SAFE_INTEGER;
      const summary = await firstResponseSummary(
        db,
        { organisationId: runtime.organisationId, from, to },
        targetMs,
        // Exact by definition: this is the figure checked against the raw data.
        { exactOnly: true },
      );
      if (parsed.flags.has('json')) {
        io.stdout.write(
          `${JSON.stringify({
            target_seconds: targetMs / 1000,
            from: fromText ? new Date(from).toISOString() : null,
            to: toText ? new Date(to).toISOString() : null,
            definitions:
              'docs/metrics.md: calendar time; percentiles by nearest rank over answered conversations; within_target_pct = answered within target / conversations',
            ...summary,
          })}\n`,
        );
        return 0;
      }
      const rows = [
        { scope: 'organisation', ...summary.organisation },
        ...summary.channel_accounts.map((account) => ({
          scope: account.name ?? String(account.id),
          ...account,
        })),
      ];
      const width = Math.max(12, ...rows.map((row) => row.scope.length)) + 2;
      io.stdout.write(`first response within ${target} (calendar time)\n`);
      io.stdout.write(
        `${'scope'.padEnd(width)}${columns.map((column) => column.padStart(19)).join('')}\n`,
      );
      for (const row of rows) {
        const cells = columns.map((column) => String(row[column] ?? '-').padStart(19));
        io.stdout.write(`${row.scope.padEnd(width)}${cells.join('')}\n`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

const groupings: readonly CredibilityGroup[] = ['team', 'channel', 'week'];

/** `hearken report loop`: the credibility gap, as GET /api/v1/reports/loop computes it. */
async function loopReport(
  parsed: ReturnType<typeof parseArguments>,
  io: Parameters<CliCommand['run']>[1],
): Promise<number> {
  const daysText = stringFlag(parsed, 'days') ?? '14';
  const days = Number(daysText);
  if (!/^\d+$/.test(daysText) || days < 1 || days > 365)
    throw new CliUsageError(`--days "${daysText}" is not a whole number of days from 1 to 365`);
  const groupBy = (stringFlag(parsed, 'group-by') ?? 'team') as CredibilityGroup;
  if (!groupings.includes(groupBy))
    throw new CliUsageError(`--group-by must be one of ${groupings.join(', ')}`);
  const toText = stringFlag(parsed, 'to');
  const fromText = stringFlag(parsed, 'from');
  const to = toText ? instant(toText, 'to') : Date.now();
  const from = fromText ? instant(fromText, 'from') : to - 90 * 86_400_000;
  if (to <= from) throw new CliUsageError('--to must be after --from');
  const runtime = await openRuntime({ quiet: true });
  try {
    const report = await credibilityOf(runtime, runtime.organisationId, {
      from,
      to,
      days,
      groupBy,
    });
    if (parsed.flags.has('json')) {
      io.stdout.write(
        `${JSON.stringify({
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          as_of: new Date(report.asOf).toISOString(),
          days,
          group_by: groupBy,
          definitions: 'docs/metrics.md, "Close the loop"',
          organisation: report.organisation,
          groups: report.groups,
        })}\n`,
      );
      return 0;
    }
    const percent = (value: number | null) =>
      value === null ? '-' : `${(value * 100).toFixed(1)}%`;
    io.stdout.write(
      `feedback said ${new Date(from).toISOString()} to ${new Date(to).toISOString()}\n`,
    );
    io.stdout.write(
      `${'scope'.padEnd(24)}${['items', 'acted on', 'answered', 'silent', 'declined'].map((title) => title.padStart(11)).join('')}\n`,
    );
    for (const [scope, figures] of [
      ['organisation', report.organisation] as const,
      ...report.groups.map((group) => [`${groupBy} ${group.key}`, group.figures] as const),
    ]) {
      const cells = [
        String(figures.feedback_items),
        percent(figures.acted_on_rate),
        percent(figures.answered_rate),
        percent(figures.silent_share),
        percent(figures.declined_share),
      ];
      io.stdout.write(`${scope.padEnd(24)}${cells.map((cell) => cell.padStart(11)).join('')}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
