import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The people of Consult (docs/people.md): partner organisations with their confidentiality
 * notice (versioned; an acceptance names the version it accepted), the link of a partner's
 * people to their organisation, and customer panels defined by a rule over contact attributes or
 * by explicit membership. Panel consent itself lives in `consents` (purpose `panel:<id>`).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('partner_organisations')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('notice_text', 'text', (c) => c.notNull())
    // Raised by every change of the notice's text: an acceptance holds for one version only.
    .addColumn('notice_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_organisations_name')
    .unique()
    .on('partner_organisations')
    .columns(['organisation_id', 'name'])
    .execute();

  // A person belongs to at most one partner organisation (results segment by it).
  await db.schema
    .createTable('partner_contacts')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('partner_organisation_id', bigint, (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_contacts_pk', ['organisation_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('partner_contacts_partner')
    .on('partner_contacts')
    .columns(['partner_organisation_id'])
    .execute();

  await db.schema
    .createTable('confidentiality_acceptances')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('partner_organisation_id', bigint, (c) => c.notNull())
    .addColumn('notice_version', 'integer', (c) => c.notNull())
    .addColumn('accepted_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('confidentiality_acceptances_once')
    .unique()
    .on('confidentiality_acceptances')
    .columns(['contact_id', 'partner_organisation_id', 'notice_version'])
    .execute();

  await db.schema
    .createTable('panels')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // rule | explicit
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON { all?, any? } for a rule panel; null for an explicit one.
    .addColumn('rule', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('panels_name')
    .unique()
    .on('panels')
    .columns(['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('panel_members')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('panel_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('added_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('panel_members_pk', ['panel_id', 'contact_id'])
    .execute();
}
