import { defaultDataDir } from './corpus.js';

export interface BenchOptions {
  messages: number;
  stored: number;
  seed: number;
  dataDir: string;
  /** How the stored messages of phase 2 are made: bulk rows (fast) or the pipeline itself. */
  prefill: 'bulk' | 'pipeline';
  /** Time each SQL statement shape (adds a little overhead to the measured runs). */
  sqlProfile: boolean;
  /** Folder to write a CPU profile of each phase's processing half into, and summarise. */
  cpuProfileDir: string | undefined;
  /** Proposed pipeline changes to try, from bench/prototypes (see --help). */
  prototypes: string[];
  /**
   * Worker process counts to run side by side in one run (`--workers 1,2`): the traffic is
   * loaded with `hearken import jsonl --no-process` while that many `hearken worker` processes
   * drain it. Empty: the in-process phases. Set to [1] when DATABASE_URL is set.
   */
  workers: number[];
}

const usage = `usage: npm run bench:ingest -- [options]
  --messages N       messages pushed through the pipeline per phase (default 200000)
  --stored M         messages already stored in phase 2 (default 1000000; 0 skips phase 2)
  --quick            small smoke run: --messages 20000 --stored 100000
  --prefill KIND     bulk (default: rows written directly) or pipeline (acceptInbound + worker)
  --sql-profile      also print the time spent in SQLite per statement shape
  --cpu-profile DIR  profile the processing half of each phase into DIR and summarise it
  --prototype NAMES  try proposed pipeline changes (comma-separated; see bench/prototypes)
  --workers N[,M]    separate processes: import --no-process while N \`hearken worker\`s drain
                     it (default 1 when DATABASE_URL is set: PostgreSQL); several counts run in
                     turn on the same traffic; --messages defaults to 20000 there
  --large            with --workers: 50000 messages
  --seed S           seed of the generated traffic (default 1)
  --data DIR         shared data folder (default ../shared/data)`;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    messages: 200_000,
    stored: 1_000_000,
    seed: 1,
    dataDir: defaultDataDir,
    prefill: 'bulk',
    sqlProfile: false,
    cpuProfileDir: undefined,
    prototypes: [],
    workers: [],
  };
  const explicit = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    switch (flag) {
      case '--messages':
        options.messages = count(flag, value());
        explicit.add('messages');
        break;
      case '--stored':
        options.stored = count(flag, value(), 0);
        explicit.add('stored');
        break;
      case '--quick':
        explicit.add('quick');
        break;
      case '--seed':
        options.seed = count(flag, value());
        break;
      case '--data':
        options.dataDir = value();
        break;
      case '--prefill': {
        const kind = value();
        if (kind !== 'bulk' && kind !== 'pipeline') throw new Error(`--prefill: bulk or pipeline`);
        options.prefill = kind;
        break;
      }
      case '--sql-profile':
        options.sqlProfile = true;
        break;
      case '--cpu-profile':
        options.cpuProfileDir = value();
        break;
      case '--workers':
        options.workers = value()
          .split(',')
          .map((workers) => count(flag, workers));
        break;
      case '--large':
        explicit.add('large');
        break;
      case '--prototype':
        options.prototypes.push(...value().split(','));
        break;
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  // --quick sets the sizes unless they were given explicitly too.
  if (explicit.has('quick')) {
    if (!explicit.has('messages')) options.messages = 20_000;
    if (!explicit.has('stored')) options.stored = 100_000;
  }
  if (options.workers.length === 0 && process.env.DATABASE_URL) options.workers = [1];
  if (options.workers.length > 0 && !explicit.has('messages')) {
    options.messages = explicit.has('large') ? 50_000 : 20_000;
  }
  return options;
}

export function count(flag: string | undefined, raw: string, minimum = 1): number {
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${flag}: expected an integer of at least ${minimum}, got "${raw}"`);
  }
  return value;
}

/** 1000000 -> "1m", 100000 -> "100k": the suffix of the phase-2 keys. */
export function sizeLabel(size: number): string {
  if (size % 1_000_000 === 0) return `${size / 1_000_000}m`;
  if (size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}
