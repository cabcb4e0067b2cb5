import { ConfigError } from '../platform/config.js';
import { type CliCommand, type CliIo, CliUsageError } from './command.js';
import { configCommand } from './commands/config.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { serveCommand } from './commands/serve.command.js';
import { statsCommand } from './commands/stats.command.js';
import { tokensCommand, usersCommand } from './commands/users.command.js';
import { workerCommand } from './commands/worker.command.js';

export const commands: CliCommand[] = [
  serveCommand,
  workerCommand,
  migrateCommand,
  statsCommand,
  usersCommand,
  tokensCommand,
  configCommand,
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
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`hearken: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
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
