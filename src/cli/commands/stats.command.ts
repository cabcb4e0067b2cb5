import { collectStats } from '../../modules/admin/index.js';
import { type CliCommand, parseArguments } from '../command.js';
import { openRuntime } from '../runtime.js';

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'Counts of contacts, conversations, messages, channel accounts and jobs',
  usage: 'hearken stats [--json]',
  async run(argv, io) {
    const parsed = parseArguments(argv, { json: 'boolean' });
    const runtime = await openRuntime({ quiet: true });
    try {
      const stats = await collectStats(runtime.database.db, runtime.organisationId);
      if (parsed.flags.has('json')) {
        io.stdout.write(`${JSON.stringify(stats)}\n`);
      } else {
        for (const [key, value] of Object.entries(stats))
          io.stdout.write(`${key.padEnd(22)} ${value}\n`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
