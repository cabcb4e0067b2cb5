import { configurationTable, loadConfig } from '../../platform/config.js';
import { type CliCommand, parseArguments } from '../command.js';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Check the configuration, or print the settings table',
  usage: 'hearken config [--table]',
  async run(argv, io) {
    const parsed = parseArguments(argv, { table: 'boolean' });
    if (parsed.flags.has('table')) {
      io.stdout.write(`${configurationTable()}\n`);
      return 0;
    }
    const config = loadConfig();
    const shown = { ...config, databaseUrl: config.databaseUrl ? '(set)' : undefined };
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  },
};
