import path from 'node:path';
import {
  checkImportFile,
  ImportFileError,
  type ImportProgress,
  type ImportSummary,
  importFile,
  importFormats,
  isImportFormat,
} from '../../modules/import/index.js';
import {
  type CliCommand,
  type CliIo,
  CliUsageError,
  parseArguments,
  stringFlag,
} from '../command.js';
import { createProgressBar, formatCount, type ProgressBar } from '../progress-bar.js';
import { openRuntime } from '../runtime.js';

const usage = `hearken import <${importFormats.join('|')}> FILE [--no-process] [--json] [--brand HANDLES]

Formats:
  twcs     Customer Support on Twitter CSV (Kaggle TWCS)
  airline  Twitter US Airline Sentiment CSV
  jsonl    one normalised InboundMessage JSON object per line

Options:
  --no-process     store the messages and queue them, for the server's worker to process
  --json           print the summary as JSON on stdout
  --brand HANDLES  twcs: comma-separated brand handles to look for in @mentions, for a file of
                   customer tweets without the brands' replies (e.g. --brand SpotifyCares)

Importing a file twice creates nothing new: messages are keyed by channel and external id.
Exit codes: 0 when the import ran (even with row errors), 2 for usage or file errors.`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import messages from a TWCS, airline or JSON Lines file',
  usage,
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      'no-process': 'boolean',
      json: 'boolean',
      brand: 'string',
    });
    const [format, fileArgument, ...extra] = parsed.positionals;
    if (format === undefined || fileArgument === undefined || extra.length > 0) {
      throw new CliUsageError('expected a format and a file');
    }
    if (!isImportFormat(format)) {
      throw new CliUsageError(`unknown format "${format}" (use ${importFormats.join(', ')})`);
    }
    const file = path.resolve(fileArgument);
    const json = parsed.flags.has('json');
    const brandList = stringFlag(parsed, 'brand');
    if (brandList !== undefined && format !== 'twcs') {
      throw new CliUsageError('--brand only applies to the twcs format');
    }
    const brands = brandList
      ?.split(',')
      .map((handle) => handle.trim())
      .filter(Boolean);

    // The cheap checks run before the database is even opened: a wrong path writes nothing.
    try {
      await checkImportFile(format, file);
    } catch (error) {
      return reportFileError(error, io);
    }

    const runtime = await openRuntime({ quiet: true });
    const bar = createProgressBar(io.stderr);
    try {
      const summary = await importFile(runtime, format, file, {
        process: !parsed.flags.has('no-process'),
        ...(brands ? { brands } : {}),
        onProgress: (progress) => showProgress(bar, progress),
      });
      bar.finish();
      io.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : describeSummary(summary));
      return 0;
    } catch (error) {
      bar.finish();
      return reportFileError(error, io);
    } finally {
      await runtime.close();
    }
  },
};

function reportFileError(error: unknown, io: CliIo): number {
  if (!(error instanceof ImportFileError)) throw error;
  io.stderr.write(`hearken import: ${error.message}\n`);
  return 2;
}

function showProgress(bar: ProgressBar, progress: ImportProgress): void {
  if (progress.phase === 'processing') {
    bar.update({
      label: 'processing',
      done: progress.jobsDone,
      total: progress.jobsTotal,
      unit: 'jobs',
    });
    return;
  }
  bar.update({
    label: progress.phase,
    done: progress.bytesRead,
    total: progress.totalBytes,
    unit: 'bytes',
    ...(progress.phase === 'reading' ? { rows: progress.rowsRead } : {}),
  });
}

/** The summary for people: counts, the first row errors, times. */
export function describeSummary(summary: ImportSummary): string {
  const lines = [
    `Imported ${path.basename(summary.file)} (${summary.format})`,
    `  rows read    ${formatCount(summary.rowsRead)}`,
    `  accepted     ${formatCount(summary.accepted)}`,
    `  duplicates   ${formatCount(summary.duplicates)}  (already stored or repeated in the file)`,
    `  row errors   ${formatCount(summary.rowErrorCount)}`,
  ];
  for (const rowError of summary.rowErrors) {
    lines.push(`    line ${rowError.line}: ${rowError.message}`);
  }
  const unlisted = summary.rowErrorCount - summary.rowErrors.length;
  if (unlisted > 0) lines.push(`    ... and ${formatCount(unlisted)} more`);
  lines.push(
    `  read time    ${summary.readSeconds.toFixed(1)} s (${formatCount(summary.rowsPerSecond)} rows/s)`,
  );
  if (summary.processed) {
    lines.push(`  processing   ${summary.processSeconds.toFixed(1)} s`);
    if (summary.failedJobs > 0) {
      lines.push(
        `  warning: ${summary.failedJobs} processing job(s) failed; the worker retries them (see the logs)`,
      );
    }
  } else if (summary.accepted > 0) {
    lines.push('  not processed yet: `hearken serve` or `hearken worker` will process the queue');
  }
  return `${lines.join('\n')}\n`;
}
