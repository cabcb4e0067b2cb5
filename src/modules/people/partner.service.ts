import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import {
  deletePartnerContact,
  findAcceptance,
  findPartnerByName,
  findPartnerOfContact,
  findPartnerRow,
  insertAcceptance,
  insertPartner,
  insertPartnerContact,
  listPartnerPeople,
  listPartnerRows,
  partnerOrganisationsOfContacts,
  updatePartner,
} from './partner.repository.js';
import { peopleErrors } from './people.errors.js';
import { contactForEmail, emailShape } from './person.service.js';

/**
 * Partner organisations (issue 12 §1): their people are contacts who never get a password and
 * must accept the partner's confidentiality notice before they see anything. The notice carries
 * a version, raised by every change of its text; an acceptance holds for the version accepted.
 */

export async function listPartners(db: Kysely<Database>, organisationId: number) {
  return listPartnerRows(db, organisationId);
}

export async function findPartner(db: Kysely<Database>, organisationId: number, id: number) {
  const row = await findPartnerRow(db, organisationId, id);
  if (!row) throw notFound('partner organisation');
  return row;
}

async function checkNameFree(
  trx: Kysely<Database>,
  organisationId: number,
  name: string,
  exceptId: number | null,
) {
  const taken = await findPartnerByName(trx, organisationId, name);
  if (taken && Number(taken.id) !== exceptId) {
    throw peopleErrors.error('partner_name_taken', `a partner named ${name} exists already`, [
      { path: '/name', message: 'taken' },
    ]);
  }
}

export async function createPartner(
  context: AppContext,
  principal: Principal,
  input: { name: string; notice_text: string },
) {
  const name = input.name.trim();
  return withTransaction(context.database, async (trx) => {
    await checkNameFree(trx, principal.organisationId, name, null);
    const id = await insertPartner(trx, {
      organisationId: principal.organisationId,
      name,
      noticeText: input.notice_text,
      at: Date.now(),
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'partner.created',
      subjectType: 'partner_organisation',
      subjectId: id,
      changes: { name, notice_version: 1 },
    });
    return findPartner(trx, principal.organisationId, id);
  });
}

/** Renames a partner or changes its notice; a changed notice is a new version to accept. */
export async function changePartner(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { name?: string; notice_text?: string },
) {
  return withTransaction(context.database, async (trx) => {
    const before = await findPartner(trx, principal.organisationId, id);
    const name = input.name?.trim() ?? before.name;
    const noticeText = input.notice_text ?? before.notice_text;
    if (name !== before.name) await checkNameFree(trx, principal.organisationId, name, id);
    const noticeChanged = noticeText !== before.notice_text;
    const noticeVersion = before.notice_version + (noticeChanged ? 1 : 0);
    if (name === before.name && !noticeChanged) return before;
    await updatePartner(trx, principal.organisationId, id, {
      name,
      noticeText,
      noticeVersion,
      at: Date.now(),
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'partner.changed',
      subjectType: 'partner_organisation',
      subjectId: id,
      changes: {
        ...(name !== before.name ? { name: { from: before.name, to: name } } : {}),
        ...(noticeChanged
          ? { notice_version: { from: before.notice_version, to: noticeVersion } }
          : {}),
      },
    });
    return findPartner(trx, principal.organisationId, id);
  });
}

export async function partnerPeople(db: Kysely<Database>, organisationId: number, id: number) {
  const partner = await findPartner(db, organisationId, id);
  const people = await listPartnerPeople(db, organisationId, id);
  return people.map((person) => ({
    contact_id: Number(person.contact_id),
    name: person.name,
    email: person.email ?? null,
    accepted_current_notice:
      person.accepted_version !== null &&
      Number(person.accepted_version) === partner.notice_version,
  }));
}

/** Adds a person (name and e-mail) to a partner: their contact, found or created, is linked. */
export async function addPartnerPerson(
  context: AppContext,
  principal: Principal,
  partnerId: number,
  input: { name: string; email: string },
) {
  if (!emailShape.test(input.email.trim())) {
    throw new AppError('validation_failed', 'invalid e-mail', [
      { path: '/email', message: 'not an e-mail address' },
    ]);
  }
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    await findPartner(trx, organisationId, partnerId);
    const now = Date.now();
    const { contactId } = await contactForEmail(
      trx,
      organisationId,
      input.email,
      input.name.trim(),
      now,
    );
    const current = await findPartnerOfContact(trx, organisationId, contactId);
    if (current) {
      if (Number(current.partner_organisation_id) === partnerId) return { contact_id: contactId };
      throw new AppError('conflict', 'this person belongs to another partner organisation', [
        { path: '/email', message: 'already a person of another partner' },
      ]);
    }
    await insertPartnerContact(trx, organisationId, partnerId, contactId, now);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'partner.person_added',
      subjectType: 'partner_organisation',
      subjectId: partnerId,
      changes: { contact_id: contactId },
    });
    return { contact_id: contactId };
  });
}

export async function removePartnerPerson(
  context: AppContext,
  principal: Principal,
  partnerId: number,
  contactId: number,
) {
  await withTransaction(context.database, async (trx) => {
    await findPartner(trx, principal.organisationId, partnerId);
    if (!(await deletePartnerContact(trx, principal.organisationId, partnerId, contactId))) {
      throw notFound('partner person');
    }
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'partner.person_removed',
      subjectType: 'partner_organisation',
      subjectId: partnerId,
      changes: { contact_id: contactId },
    });
  });
}

/** Contact ids of a partner organisation's people (none when there is no such partner). */
export async function partnerMembers(
  db: Kysely<Database>,
  organisationId: number,
  partnerOrganisationId: number,
): Promise<number[]> {
  const people = await listPartnerPeople(db, organisationId, partnerOrganisationId);
  return people.map((person) => Number(person.contact_id));
}

/** A partner's confidentiality notice as it stands (undefined when there is no such partner). */
export async function partnerNotice(
  db: Kysely<Database>,
  organisationId: number,
  partnerOrganisationId: number,
): Promise<{ id: number; name: string; text: string; version: number } | undefined> {
  const row = await findPartnerRow(db, organisationId, partnerOrganisationId);
  if (!row) return undefined;
  return {
    id: Number(row.id),
    name: row.name,
    text: row.notice_text,
    version: Number(row.notice_version),
  };
}

/** contact id → their partner organisation, for the contacts that belong to one. */
export async function partnerOrganisationOf(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<Map<number, { id: number; name: string }>> {
  return partnerOrganisationsOfContacts(db, organisationId, contactIds);
}

/** Whether the person accepted the partner's notice in its current version. */
export async function hasAcceptedConfidentiality(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  partnerOrganisationId: number,
): Promise<boolean> {
  const partner = await findPartnerRow(db, organisationId, partnerOrganisationId);
  if (!partner) return false;
  const acceptance = await findAcceptance(
    db,
    organisationId,
    contactId,
    partnerOrganisationId,
    partner.notice_version,
  );
  return acceptance !== undefined;
}

/**
 * Records that a partner's person accepted the current notice (the version they were shown),
 * inside the caller's transaction. A person of another partner, or a version that is no longer
 * current, is refused: they must read the notice in force.
 */
export async function acceptConfidentiality(
  trx: Kysely<Database>,
  input: {
    organisationId: number;
    contactId: number;
    partnerOrganisationId: number;
    noticeVersion: number;
    at?: number;
  },
): Promise<void> {
  const partner = await findPartner(trx, input.organisationId, input.partnerOrganisationId);
  const membership = await findPartnerOfContact(trx, input.organisationId, input.contactId);
  if (!membership || Number(membership.partner_organisation_id) !== input.partnerOrganisationId) {
    throw notFound('partner person');
  }
  if (input.noticeVersion !== partner.notice_version) {
    throw new AppError('conflict', 'the notice has changed since it was shown: read it again', [
      { path: '/notice_version', message: `the current version is ${partner.notice_version}` },
    ]);
  }
  const at = input.at ?? Date.now();
  await insertAcceptance(trx, {
    organisationId: input.organisationId,
    contactId: input.contactId,
    partnerOrganisationId: input.partnerOrganisationId,
    noticeVersion: partner.notice_version,
    at,
  });
  await recordAudit(trx, {
    organisationId: input.organisationId,
    actor: { type: 'system', id: null },
    action: 'partner.notice_accepted',
    subjectType: 'contact',
    subjectId: input.contactId,
    changes: {
      partner_organisation_id: input.partnerOrganisationId,
      notice_version: partner.notice_version,
    },
  });
}
