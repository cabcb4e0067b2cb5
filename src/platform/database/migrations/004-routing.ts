import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Routing: ordered rules that send a new conversation to its owning team, team membership,
 * agents' availability and capacity for round-robin assignment, and follow-the-sun hand-offs.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('team_id', bigint, (c) => c.notNull().references('teams.id'))
    .addColumn('priority', 'text')
    .addColumn('label_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('routing_rules_position')
    .on('routing_rules')
    .columns(['organisation_id', 'position'])
    .execute();

  await db.schema
    .createTable('routing_settings')
    .addColumn('organisation_id', bigint, (c) => c.primaryKey())
    .addColumn('default_team_id', bigint, (c) => c.references('teams.id'))
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', bigint, (c) => c.notNull().references('teams.id'))
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // Round-robin turn within the team: the member with the lowest value is served next.
    .addColumn('last_assignment_seq', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('last_assigned_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();

  await db.schema
    .createTable('agent_availability')
    .addColumn('user_id', bigint, (c) => c.primaryKey().references('users.id'))
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('status_changed_at', bigint, (c) => c.notNull())
    .addColumn('presence_check_at', bigint)
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('follow_the_sun_rules')
    .addColumn('team_id', bigint, (c) => c.primaryKey().references('teams.id'))
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('handoff_team_id', bigint, (c) => c.notNull().references('teams.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('handback_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversation_handoffs')
    .addColumn('conversation_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('owner_team_id', bigint, (c) => c.notNull())
    .addColumn('handoff_team_id', bigint, (c) => c.notNull())
    .addColumn('handed_off_at', bigint, (c) => c.notNull())
    .addColumn('closed_at', bigint)
    // returned: moved back to the owner team; kept: already being worked, left where it was.
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .createIndex('conversation_handoffs_open')
    .on('conversation_handoffs')
    .columns(['organisation_id', 'owner_team_id', 'closed_at'])
    .execute();
}
