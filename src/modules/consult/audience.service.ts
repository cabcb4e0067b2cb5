import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import {
  attributeValuesOf,
  listPanels,
  panelMembers,
  partnerMembers,
  partnerNotice,
} from '../people/index.js';
import { type Audience, externalAudienceAvailable } from './audience.js';
import { audienceUsers, existingContacts, usersOfContacts } from './audience.repository.js';

/** A person as Consult keys them: a user (member or staff) or a contact (partner, panel member). */
export type PersonRef =
  | { kind: 'user'; userId: number; contactId: number | null }
  | { kind: 'contact'; contactId: number };

export interface ResolvedAudience {
  /** Users in the audience. */
  userIds: Set<number>;
  /** Contacts in the audience that are not linked to one of `userIds`. */
  contactIds: Set<number>;
  /** Contacts of everyone in the audience, including those of users (a member signed in by link). */
  anyContactIds: Set<number>;
  /** Everyone of the organisation (a public ring). */
  everyone: boolean;
  /** Distinct persons (a user and their contact count once). */
  size: number;
}

export function personKeyOf(person: PersonRef): string {
  return person.kind === 'user' ? `user:${person.userId}` : `contact:${person.contactId}`;
}

/**
 * THE resolution of a ring's audience into people; every check of who may see or answer a ring
 * and every turnout count goes through here. With `only`, resolution is restricted to that one
 * person (a cheap membership check with the same rules).
 */
export async function resolveAudience(
  db: Kysely<Database>,
  organisationId: number,
  audience: Audience,
  options: { at: number; only?: PersonRef } = { at: Date.now() },
): Promise<ResolvedAudience> {
  const only = options.only;
  const onlyUserId = only?.kind === 'user' ? only.userId : undefined;
  const userIds = new Set<number>();
  const contactIds = new Set<number>();
  const anyContactIds = new Set<number>();

  if (!only || only.kind === 'user') {
    const { selected, named } = await audienceUsers(
      db,
      organisationId,
      {
        roles: audience.roles,
        teamIds: audience.team_ids,
        userIds: audience.user_ids,
        all: audience.public,
      },
      onlyUserId,
    );
    let kept = selected;
    if (audience.attributes.length > 0 && !audience.public) {
      const contactIdsOfSelected = selected.flatMap((user) =>
        user.contact_id === null ? [] : [user.contact_id],
      );
      const values = await attributeValuesOf(
        db,
        organisationId,
        contactIdsOfSelected,
        audience.attributes.map((filter) => filter.key),
      );
      kept = selected.filter((user) => {
        if (user.contact_id === null) return false;
        const byKey = values.get(user.contact_id);
        return audience.attributes.every((filter) =>
          (byKey?.get(filter.key) ?? []).some((value) => filter.values.includes(value)),
        );
      });
    }
    for (const user of [...kept, ...named]) {
      userIds.add(user.id);
      if (user.contact_id !== null) anyContactIds.add(user.contact_id);
    }
  }

  let namedContacts = audience.contact_ids;
  if (only) {
    const onlyContact = only.contactId;
    namedContacts =
      onlyContact !== null && namedContacts.includes(onlyContact) ? [onlyContact] : [];
  }
  const externalContacts = await resolveExternalAudience(db, organisationId, audience, options.at);
  const candidateContacts = await existingContacts(db, organisationId, [
    ...namedContacts,
    ...externalContacts.filter((id) => !only || id === only.contactId),
  ]);
  // A contact linked to a user is that user: count them under the user.
  const linked = await usersOfContacts(db, organisationId, candidateContacts);
  const linkedContact = new Set(linked.map((user) => user.contact_id));
  for (const user of linked) userIds.add(user.id);
  for (const contactId of candidateContacts) {
    anyContactIds.add(contactId);
    if (!linkedContact.has(contactId)) contactIds.add(contactId);
  }

  let everyone = false;
  if (audience.public) {
    everyone = true;
    if (only?.kind === 'contact') anyContactIds.add(only.contactId);
  }
  return { userIds, contactIds, anyContactIds, everyone, size: userIds.size + contactIds.size };
}

/**
 * The one place panels and partner organisations become contacts: a panel's members who hold
 * its consent at `at` (`panelMembers`), and every person of a partner organisation (who still
 * sees nothing before accepting the partner's notice: the embargo checks that). A panel or
 * partner removed since the ring was written resolves nobody.
 */
async function resolveExternalAudience(
  db: Kysely<Database>,
  organisationId: number,
  audience: Audience,
  at: number,
): Promise<number[]> {
  if (!externalAudienceAvailable) return [];
  const contacts = new Set<number>();
  for (const panelId of audience.panel_ids) {
    try {
      for (const id of await panelMembers(db, organisationId, panelId, at)) contacts.add(id);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  for (const partnerId of audience.partner_organisation_ids) {
    for (const id of await partnerMembers(db, organisationId, partnerId)) contacts.add(id);
  }
  return [...contacts];
}

/** Field problems of the panels and partner organisations an audience names (unknown ones). */
export async function externalAudienceProblems(
  db: Kysely<Database>,
  organisationId: number,
  audience: Audience,
  path: string,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (audience.panel_ids.length > 0) {
    const known = new Set((await listPanels(db, organisationId)).map((panel) => panel.id));
    audience.panel_ids.forEach((panelId, index) => {
      if (!known.has(panelId)) {
        problems.push({ path: `${path}/panel_ids/${index}`, message: `no panel ${panelId}` });
      }
    });
  }
  for (const [index, partnerId] of audience.partner_organisation_ids.entries()) {
    if (!(await partnerNotice(db, organisationId, partnerId))) {
      problems.push({
        path: `${path}/partner_organisation_ids/${index}`,
        message: `no partner organisation ${partnerId}`,
      });
    }
  }
  return problems;
}

/** Whether the person is in the resolved audience (by user or by the contact they are). */
export function audienceIncludes(resolved: ResolvedAudience, person: PersonRef): boolean {
  if (resolved.everyone) return true;
  if (person.kind === 'user') {
    return (
      resolved.userIds.has(person.userId) ||
      (person.contactId !== null && resolved.contactIds.has(person.contactId))
    );
  }
  return resolved.anyContactIds.has(person.contactId);
}
