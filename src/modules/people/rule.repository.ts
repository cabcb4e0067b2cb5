import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { NormalisedCondition, NormalisedRule } from './rule.js';

type ContactScope = ExpressionBuilder<Database, 'contacts'>;

/** The SQL of one condition about the contact `contacts.id` (the twin of `conditionHolds`). */
function conditionSql(
  eb: ContactScope,
  organisationId: number,
  condition: NormalisedCondition,
): Expression<SqlBool> {
  const [first = ''] = condition.values;
  const column = sql.ref(condition.key === 'channel' ? 'ci.channel' : 'ca.value');
  // Whether the contact holds a value for which `predicate` holds (any value when null).
  const holds = (predicate: Expression<SqlBool> | null) =>
    condition.key === 'channel'
      ? eb.exists(
          eb
            .selectFrom('contact_identities as ci')
            .select('ci.id')
            .whereRef('ci.contact_id', '=', 'contacts.id')
            .where('ci.organisation_id', '=', organisationId)
            .$if(predicate !== null, (query) => query.where(predicate as Expression<SqlBool>)),
        )
      : eb.exists(
          eb
            .selectFrom('contact_attributes as ca')
            .select('ca.contact_id')
            .whereRef('ca.contact_id', '=', 'contacts.id')
            .where('ca.organisation_id', '=', organisationId)
            .where('ca.key', '=', condition.key)
            .$if(predicate !== null, (query) => query.where(predicate as Expression<SqlBool>)),
        );
  const number = sql`cast(${column} as double precision)`;
  switch (condition.op) {
    case 'exists':
      return holds(null);
    case 'eq':
      return holds(sql<SqlBool>`${column} = ${first}`);
    case 'neq':
      return eb.not(holds(sql<SqlBool>`${column} = ${first}`));
    case 'in':
      return holds(
        sql<SqlBool>`${column} in (${sql.join(condition.values.map((value) => sql`${value}`))})`,
      );
    case 'contains':
      if (condition.type === 'set') return holds(sql<SqlBool>`${column} = ${first}`);
      // Case-sensitive, like String.includes, and the same on both databases (LIKE's case
      // rules differ between them): removing the part changes the text only if it is there.
      return holds(sql<SqlBool>`replace(${column}, ${first}, '') <> ${column}`);
    case 'gt':
      return holds(sql<SqlBool>`${number} > ${Number(first)}`);
    case 'gte':
      return holds(sql<SqlBool>`${number} >= ${Number(first)}`);
    case 'lt':
      return holds(sql<SqlBool>`${number} < ${Number(first)}`);
    case 'lte':
      return holds(sql<SqlBool>`${number} <= ${Number(first)}`);
  }
}

/** The organisation's live contacts (not merged away) that satisfy the rule, as a query. */
export function matchingContactsQuery(
  db: Kysely<Database>,
  organisationId: number,
  rule: NormalisedRule,
) {
  return db
    .selectFrom('contacts')
    .where('contacts.organisation_id', '=', organisationId)
    .where('contacts.merged_into_id', 'is', null)
    .where((eb) => {
      const all = rule.all.map((condition) => conditionSql(eb, organisationId, condition));
      const any = rule.any.map((condition) => conditionSql(eb, organisationId, condition));
      if (all.length + any.length === 0) return eb.val(false);
      return eb.and([...all, ...(any.length > 0 ? [eb.or(any)] : [])]);
    });
}

export async function selectMatchingContactIds(
  db: Kysely<Database>,
  organisationId: number,
  rule: NormalisedRule,
): Promise<number[]> {
  const rows = await matchingContactsQuery(db, organisationId, rule)
    .select('contacts.id')
    .orderBy('contacts.id')
    .execute();
  return rows.map((row) => Number(row.id));
}

export async function countMatchingContacts(
  db: Kysely<Database>,
  organisationId: number,
  rule: NormalisedRule,
): Promise<number> {
  const row = await matchingContactsQuery(db, organisationId, rule)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function sampleMatchingContacts(
  db: Kysely<Database>,
  organisationId: number,
  rule: NormalisedRule,
  limit: number,
): Promise<{ id: number; name: string | null }[]> {
  const rows = await matchingContactsQuery(db, organisationId, rule)
    .select(['contacts.id', 'contacts.name'])
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: Number(row.id), name: row.name }));
}

/** Channels of a batch of contacts (the `channel` key of a rule). */
export async function channelsOf(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (contactIds.length === 0) return result;
  const rows = await db
    .selectFrom('contact_identities')
    .select(['contact_id', 'channel'])
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('contact_id', 'in', [...contactIds])
    .orderBy('contact_id')
    .orderBy('channel')
    .execute();
  for (const row of rows) {
    const contactId = Number(row.contact_id);
    const list = result.get(contactId);
    if (list) list.push(row.channel);
    else result.set(contactId, [row.channel]);
  }
  return result;
}
