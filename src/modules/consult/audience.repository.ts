import type { Kysely } from 'kysely';
import type { Database, Role } from '../../platform/database/schema.js';

export interface AudienceUserRow {
  id: number;
  contact_id: number | null;
}

/** Active users of the organisation with one of `roles`, or in one of `teamIds`, or named. */
export async function audienceUsers(
  db: Kysely<Database>,
  organisationId: number,
  selection: { roles: Role[]; teamIds: number[]; userIds: number[]; all: boolean },
  onlyUserId: number | undefined,
): Promise<{ selected: AudienceUserRow[]; named: AudienceUserRow[] }> {
  const base = () => {
    let query = db
      .selectFrom('users')
      .select(['users.id', 'users.contact_id'])
      .where('users.organisation_id', '=', organisationId)
      .where('users.disabled_at', 'is', null)
      .where('users.is_bot', '=', 0);
    if (onlyUserId !== undefined) query = query.where('users.id', '=', onlyUserId);
    return query;
  };
  let selected: AudienceUserRow[] = [];
  if (selection.all) {
    selected = await base().execute();
  } else if (selection.roles.length > 0 || selection.teamIds.length > 0) {
    selected = await base()
      .where((eb) => {
        const parts = [];
        if (selection.roles.length > 0) parts.push(eb('users.role', 'in', selection.roles));
        if (selection.teamIds.length > 0) {
          parts.push(
            eb(
              'users.id',
              'in',
              eb
                .selectFrom('team_members')
                .select('team_members.user_id')
                .where('team_members.organisation_id', '=', organisationId)
                .where('team_members.team_id', 'in', selection.teamIds),
            ),
          );
        }
        return eb.or(parts);
      })
      .execute();
  }
  const named =
    selection.userIds.length > 0
      ? await base().where('users.id', 'in', selection.userIds).execute()
      : [];
  return { selected, named };
}

/** The named contacts that exist in the organisation (merged contacts excluded). */
export async function existingContacts(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<number[]> {
  if (contactIds.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('merged_into_id', 'is', null)
    .where('id', 'in', [...contactIds])
    .execute();
  return rows.map((row) => row.id);
}

/** Users linked to these contacts (an employee named by contact is still one person). */
export async function usersOfContacts(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<AudienceUserRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'contact_id'])
    .where('organisation_id', '=', organisationId)
    .where('contact_id', 'in', [...contactIds])
    .execute();
}
