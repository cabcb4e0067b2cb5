import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DatabaseHandle } from './connection.js';
import * as core from './migrations/001-core.js';
import * as conversationEvents from './migrations/002-conversation-events.js';
import * as sla from './migrations/003-sla.js';
import * as routing from './migrations/004-routing.js';
import * as inbox from './migrations/005-inbox.js';
import * as listening from './migrations/006-listening.js';
import * as reportRollup from './migrations/007-report-rollup.js';
import * as classification from './migrations/008-classification.js';
import * as listeningScale from './migrations/009-listening-scale.js';
import * as signInThrottle from './migrations/010-sign-in-throttle.js';
import * as jobOrganisation from './migrations/011-job-organisation.js';
import * as channels from './migrations/012-channels.js';
import * as webhooksBypass from './migrations/013-webhooks-bypass.js';
import * as admin from './migrations/014-admin.js';
import * as ledger from './migrations/015-ledger.js';
import * as engagement from './migrations/016-engagement.js';
import * as people from './migrations/017-people.js';
import * as loop from './migrations/020-loop.js';
import { type MigrationContext, migrationContext } from './migrations/migration-context.js';

type MigrationModule = {
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
};

/** Ordered list of migrations; names sort in the order they run. */
const migrations: Record<string, MigrationModule> = {
  '001-core': core,
  '002-conversation-events': conversationEvents,
  '003-sla': sla,
  '004-routing': routing,
  '005-inbox': inbox,
  '006-listening': listening,
  '007-report-rollup': reportRollup,
  '008-classification': classification,
  '009-listening-scale': listeningScale,
  '010-sign-in-throttle': signInThrottle,
  '011-job-organisation': jobOrganisation,
  '012-channels': channels,
  '013-webhooks-bypass': webhooksBypass,
  '014-admin': admin,
  '015-ledger': ledger,
  '016-engagement': engagement,
  '017-people': people,
  '020-loop': loop,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly context: MigrationContext) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const result: Record<string, Migration> = {};
    for (const [name, module] of Object.entries(migrations)) {
      result[name] = { up: (db) => module.up(db, this.context) };
    }
    return result;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new InCodeProvider(migrationContext(handle.dialect)),
    migrationTableName: 'hearken_migrations',
    migrationLockTableName: 'hearken_migrations_lock',
    // Migrations written on parallel branches land in any order; each one is independent of the
    // numbers it skips, so a database that already has a later one still takes an earlier one.
    allowUnorderedMigrations: true,
    // Kysely looks for its tables in every schema it can see: a table of the same name in another
    // schema (another deployment, a parallel test worker) would pass for ours. Name the schema the
    // connection works in (search_path may come from the URL, so ask the server).
    ...(handle.dialect === 'postgres'
      ? { migrationTableSchema: handle.postgresSchema ?? (await currentSchema(handle)) }
      : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}

async function currentSchema(handle: DatabaseHandle): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(
    handle.db,
  );
  return result.rows[0]?.schema ?? 'public';
}
