import fs from 'node:fs';
import { configurationTable, loadConfig } from '../../platform/config.js';
import { type CliCommand, CliUsageError, parseArguments } from '../command.js';

const startMarker = '<!-- config:start -->';
const endMarker = '<!-- config:end -->';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Check the configuration, print the settings table, or write it into the README',
  usage: 'hearken config [--table | --write-readme README.md]',
  async run(argv, io) {
    const parsed = parseArguments(argv, { table: 'boolean', 'write-readme': 'string' });
    if (parsed.flags.has('table')) {
      io.stdout.write(`${configurationTable()}\n`);
      return 0;
    }
    const readme = parsed.flags.get('write-readme');
    if (typeof readme === 'string') {
      const text = fs.readFileSync(readme, 'utf8');
      const start = text.indexOf(startMarker);
      const end = text.indexOf(endMarker);
      if (start === -1 || end < start) {
        throw new CliUsageError(`${readme} has no ${startMarker} ... ${endMarker} section`);
      }
      const updated = `${text.slice(0, start + startMarker.length)}\n${configurationTable()}\n${text.slice(end)}`;
      fs.writeFileSync(readme, updated);
      io.stdout.write(`updated the configuration table in ${readme}\n`);
      return 0;
    }
    const config = loadConfig();
    // Secrets are never printed, only whether they are set.
    const shown = {
      ...config,
      databaseUrl: config.databaseUrl ? '(set)' : undefined,
      secretKey: config.secretKey ? '(set)' : undefined,
    };
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  },
};
