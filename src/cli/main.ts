import { ConfigError } from '../platform/config.js';
import { type CliCommand, type CliIo, CliUsageError } from './command.js';

/**
 * The sub-commands, loaded on demand: `hearken import` should not pay for loading the HTTP
 * server, and a command's start-up time stays its own.
 */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

const commands: CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Start the web app and API (with a job worker)',
    load: async () => (await import('./commands/serve.command.js')).serveCommand,
  },
  {
    name: 'worker',
    summary: 'Run a job worker only (add workers next to `serve` on PostgreSQL)',
    load: async () => (await import('./commands/worker.command.js')).workerCommand,
  },
  {
    name: 'migrate',
    summary: 'Create or upgrade the database schema (also done at every start)',
    load: async () => (await import('./commands/migrate.command.js')).migrateCommand,
  },
  {
    name: 'import',
    summary: 'Import messages from a file (twcs, airline, jsonl) through the pipeline',
    load: async () => (await import('./commands/import.command.js')).importCommand,
  },
  {
    name: 'demo',
    summary: 'Fill the instance with a believable demo organisation',
    load: async () => (await import('./commands/demo.command.js')).demoCommand,
  },
  {
    name: 'train',
    summary: 'Train a model (sentiment, anger, complaint, intent) on labelled data or corrections',
    load: async () => (await import('./commands/train.command.js')).trainCommand,
  },
  {
    name: 'eval',
    summary: 'Evaluate a model on labelled data, beside the VADER and AFINN baselines',
    load: async () => (await import('./commands/eval.command.js')).evalCommand,
  },
  {
    name: 'models',
    summary: 'Make a trained model the active one for its task',
    load: async () => (await import('./commands/models.command.js')).modelsCommand,
  },
  {
    name: 'recluster',
    summary: "Re-cluster an organisation's themes now, keeping analysts' edits",
    load: async () => (await import('./commands/recluster.command.js')).reclusterCommand,
  },
  {
    name: 'stats',
    summary: 'Counts of contacts, conversations, messages, channel accounts and jobs',
    load: async () => (await import('./commands/stats.command.js')).statsCommand,
  },
  {
    name: 'users',
    summary: 'Reset a user password from the server console',
    load: async () => (await import('./commands/users.command.js')).usersCommand,
  },
  {
    name: 'tokens',
    summary: 'Create an API token for an integration',
    load: async () => (await import('./commands/users.command.js')).tokensCommand,
  },
  {
    name: 'channels',
    summary: 'List, connect (e-mail), pause, resume, fetch and remove channel accounts',
    load: async () => (await import('./commands/channels.command.js')).channelsCommand,
  },
  {
    name: 'config',
    summary: 'Check the configuration, print the settings table, or write it into the README',
    load: async () => (await import('./commands/config.command.js')).configCommand,
  },
  {
    name: 'report',
    summary: 'SLA first-response figures (report sla --target 1h), or rebuild the report rollup',
    load: async () => (await import('./commands/report.command.js')).reportCommand,
  },
];

function help(io: CliIo): void {
  io.stdout.write('Usage: hearken <command> [options]\n\nCommands:\n');
  for (const command of commands)
    io.stdout.write(`  ${command.name.padEnd(10)} ${command.summary}\n`);
  io.stdout.write('\nRun `hearken <command> --help` for its usage.\n');
}

/** Runs one command and returns the process exit code (2 for usage or configuration errors). */
export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr.write(`hearken: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help')) {
    io.stdout.write(`${command.summary}\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`hearken ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`hearken: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`hearken ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
