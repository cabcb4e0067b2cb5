import { count } from './bench-options.js';
import { figure, note, print } from './report.js';

/**
 * `node --import tsx bench/capacity.ts --rate 2000 [--worker-ms 1.5] [--backend-ms 0.8]
 * [--utilisation 0.6] [--peak 3]`: the capacity model of docs/scaling.md as arithmetic. From the
 * CPU per message that `npm run bench:ingest -- --workers N` measures (worker process and
 * PostgreSQL backend, in ms), how many worker processes (one core each) and PostgreSQL cores a
 * sustained message rate needs, at a target utilisation and for a peak factor over the average.
 * It also prints the WAL volume and NOTIFY rate that follow from the rate.
 */
interface Inputs {
  rate: number;
  workerMs: number;
  backendMs: number;
  utilisation: number;
  peak: number;
  /** WAL bytes per message (rows plus index entries; see docs/scaling.md). */
  walBytes: number;
  /** Messages per committed ingest job (the batch size under a backlog; 1 when idle). */
  batch: number;
}

const usage = `usage: node --import tsx bench/capacity.ts --rate MSGS_PER_S [options]
  --worker-ms X     worker CPU per message in ms (default: the figure in docs/benchmarks.md)
  --backend-ms X    PostgreSQL backend CPU per message in ms (default: likewise)
  --utilisation U   target CPU utilisation of a core, 0-1 (default 0.6)
  --peak P          peak rate over the average rate (default 3)
  --wal-bytes B     WAL bytes written per message (default 6000)
  --batch N         messages per committed ingest job (default 1000; 1 for trickling traffic)`;

function parse(argv: string[]): Inputs {
  const inputs: Inputs = {
    rate: 0,
    workerMs: 1.5,
    backendMs: 1.0,
    utilisation: 0.6,
    peak: 3,
    walBytes: 6000,
    batch: 1000,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    const positive = (raw: string) => {
      const number = Number(raw);
      if (!(number > 0)) throw new Error(`${flag}: expected a positive number, got "${raw}"`);
      return number;
    };
    switch (flag) {
      case '--rate':
        inputs.rate = count(flag, value());
        break;
      case '--worker-ms':
        inputs.workerMs = positive(value());
        break;
      case '--backend-ms':
        inputs.backendMs = positive(value());
        break;
      case '--utilisation':
        inputs.utilisation = Math.min(1, positive(value()));
        break;
      case '--peak':
        inputs.peak = positive(value());
        break;
      case '--wal-bytes':
        inputs.walBytes = positive(value());
        break;
      case '--batch':
        inputs.batch = count(flag, value());
        break;
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  if (inputs.rate === 0) throw new Error(`--rate is required\n${usage}`);
  return inputs;
}

export function capacity(inputs: Inputs) {
  const peakRate = inputs.rate * inputs.peak;
  const workerCores = (peakRate * inputs.workerMs) / 1000 / inputs.utilisation;
  const databaseCores = (peakRate * inputs.backendMs) / 1000 / inputs.utilisation;
  return {
    peakRate,
    workerProcesses: Math.ceil(workerCores),
    databaseCores: Math.ceil(databaseCores),
    walMegabytesPerSecond: (peakRate * inputs.walBytes) / 1e6,
    walGigabytesPerDay: (inputs.rate * inputs.walBytes * 86_400) / 1e9,
    commitsPerSecond: peakRate / inputs.batch,
    // One NOTIFY statement per committed job, fanned out to every listening process.
    notifyStatementsPerSecond: peakRate / inputs.batch,
  };
}

function main(): void {
  const inputs = parse(process.argv.slice(2));
  print('# hearken capacity model (docs/scaling.md)');
  for (const [key, value] of Object.entries(inputs)) figure(`input_${key}`, value);
  const result = capacity(inputs);
  for (const [key, value] of Object.entries(result)) figure(key, value);
  note(
    'worker processes are single-threaded: one per core; PostgreSQL cores exclude replicas, ' +
      'autovacuum and reports (docs/scaling.md)',
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 2;
}
