import { databaseFilePath, loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/database/connection.js';
import { migrateToLatest } from '../../platform/database/migrate.js';
import { type CliCommand, parseArguments } from '../command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Create or upgrade the database schema (also done at every start)',
  usage: 'hearken migrate',
  async run(argv, io) {
    parseArguments(argv, {});
    const config = loadConfig();
    const database = openDatabase({
      databaseUrl: config.databaseUrl,
      sqliteFile: databaseFilePath(config),
      poolSize: 2,
    });
    try {
      const report = await migrateToLatest(database);
      io.stdout.write(
        report.applied.length === 0
          ? `${database.location}: schema is up to date\n`
          : `${database.location}: applied ${report.applied.join(', ')}\n`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
