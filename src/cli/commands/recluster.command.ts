import { organisationById } from '../../modules/organisations/index.js';
import { lockThemes, type ReclusterSummary, reclusterThemes } from '../../modules/themes/index.js';
import { withTransaction } from '../../platform/database/connection.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { openRuntime } from '../runtime.js';

/** `--organisation 3` to an id; anything but a positive whole number is a usage error. */
export function parseOrganisationId(text: string): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new CliUsageError(`--organisation "${text}" is not an organisation id (a number like 1)`);
  }
  return value;
}

/** The `--json` shape: snake_case like the API, instants in ISO 8601. */
export function reclusterReport(
  organisationId: number,
  summary: ReclusterSummary,
  seconds: number,
) {
  return {
    organisation_id: organisationId,
    window: summary.window
      ? {
          from: new Date(summary.window.from).toISOString(),
          to: new Date(summary.window.to).toISOString(),
        }
      : null,
    messages: summary.messages,
    messages_themed: summary.themed,
    themes_before: summary.themesBefore,
    themes_after: summary.themes,
    themes_kept: summary.kept,
    themes_created: summary.created,
    themes_retired: summary.retired,
    rules_reapplied: summary.rules,
    seconds: Math.round(seconds * 100) / 100,
  };
}

export function describeRecluster(report: ReturnType<typeof reclusterReport>): string {
  if (report.window === null) {
    return `Organisation ${report.organisation_id} has no themed customer messages yet: nothing to re-cluster.\n`;
  }
  const share = report.messages === 0 ? 0 : (report.messages_themed / report.messages) * 100;
  const rules = report.rules_reapplied;
  const lines: [string, string][] = [
    ['messages', String(report.messages)],
    ['messages themed', `${report.messages_themed} (${share.toFixed(0)}%)`],
    ['themes before', String(report.themes_before)],
    [
      'themes after',
      `${report.themes_after} (kept ${report.themes_kept}, new ${report.themes_created}, retired ${report.themes_retired})`,
    ],
    ['rules re-applied', `rename ${rules.rename}, merge ${rules.merge}, split ${rules.split}`],
    ['time', `${report.seconds} s`],
  ];
  const day = (iso: string) => iso.slice(0, 10);
  return [
    `Re-clustered the themes of organisation ${report.organisation_id} (messages from ${day(report.window.from)} to ${day(report.window.to)})`,
    ...lines.map(([name, value]) => `  ${name.padEnd(18)} ${value}`),
    '',
  ].join('\n');
}

export const reclusterCommand: CliCommand = {
  name: 'recluster',
  summary: "Re-cluster an organisation's themes now, keeping analysts' renames, merges and splits",
  usage: 'hearken recluster [--organisation ID] [--json]',
  async run(argv, io) {
    const parsed = parseArguments(argv, { json: 'boolean', organisation: 'string' });
    if (parsed.positionals.length > 0) {
      throw new CliUsageError(`unexpected argument "${parsed.positionals[0]}"`);
    }
    const organisationText = stringFlag(parsed, 'organisation');
    const requested =
      organisationText === undefined ? undefined : parseOrganisationId(organisationText);
    const runtime = await openRuntime({ quiet: true });
    try {
      if (requested !== undefined && !(await organisationById(runtime, requested))) {
        throw new CliUsageError(`there is no organisation ${requested}`);
      }
      const organisationId = requested ?? runtime.organisationId;
      const started = performance.now();
      // One transaction, as the themes.recluster job: a failure leaves the old themes intact.
      const summary = await withTransaction(runtime.database, async (trx) => {
        await lockThemes(trx, organisationId);
        return reclusterThemes(trx, organisationId, Date.now());
      });
      const report = reclusterReport(organisationId, summary, (performance.now() - started) / 1000);
      io.stdout.write(
        parsed.flags.has('json') ? `${JSON.stringify(report)}\n` : describeRecluster(report),
      );
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
