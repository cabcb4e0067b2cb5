import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../auth/index.js';
import { managedConsultation } from './access.service.js';
import { personKeyOf } from './audience.service.js';
import { concernsOf } from './concern.repository.js';
import { consultErrors } from './consult.errors.js';
import { presentConsultation } from './consult.presenter.js';
import {
  type ConsultationRow,
  findConsultation,
  gatesOf,
  insertRevocation,
  insertView,
  listConsultationRows,
  questionsOfRings,
  ringsOf,
  versionsOf,
  viewsOf,
} from './consult.repository.js';
import { type ConsultViewer, canSeeConsultation, type Sight } from './embargo.service.js';
import { reasonsOfRing } from './response.repository.js';
import { wordDiff } from './word-diff.js';

type Visible = Extract<Sight, { visible: true }>;

async function visibleConsultation(
  context: AppContext,
  viewer: ConsultViewer,
  id: number,
  versionId?: number,
): Promise<{ consultation: ConsultationRow; sight: Visible }> {
  const db = context.database.db;
  const consultation = await findConsultation(db, viewer.organisationId, id);
  if (!consultation) throw notFound('consultation');
  const sight = await canSeeConsultation(db, viewer, consultation, versionId);
  if (!sight.visible) {
    if (sight.noticeOf !== undefined) {
      throw consultErrors.error(
        'notice_not_accepted',
        'accept the confidentiality notice before reading this consultation',
      );
    }
    throw notFound('consultation');
  }
  return { consultation, sight };
}

/** The consultation as this viewer may see it; a participant's or member's view is recorded. */
export async function consultationFor(context: AppContext, viewer: ConsultViewer, id: number) {
  const db = context.database.db;
  const { consultation, sight } = await visibleConsultation(context, viewer, id);
  const rings = (await ringsOf(db, id)).filter((ring) => sight.ringIds.includes(ring.id));
  const versions = (await versionsOf(db, id)).filter((version) =>
    sight.versionIds.includes(version.id),
  );
  const questions = await questionsOfRings(
    db,
    rings.map((ring) => ring.id),
  );
  const gates = await gatesOf(
    db,
    rings.map((ring) => ring.id),
  );
  const concerns = await concernsOf(db, id);
  const current = versions[versions.length - 1];
  if (!current) throw notFound('consultation');
  // Who saw which version: participants and members reading it (not its owners).
  const viewerContact = sight.person?.contactId ?? null;
  if (!sight.manages && sight.person && viewerContact !== null) {
    await insertView(db, {
      organisation_id: viewer.organisationId,
      consultation_id: id,
      version_id: current.id,
      person_key: personKeyOf(sight.person),
      contact_id: viewerContact,
      viewed_at: Date.now(),
    });
  }
  return presentConsultation({
    consultation,
    sight,
    rings,
    versions,
    questions,
    gates,
    concerns,
    current,
  });
}

/** Consultations this viewer may see (the embargo decides each one). */
export async function consultationsFor(context: AppContext, viewer: ConsultViewer) {
  const db = context.database.db;
  const result = [];
  for (const consultation of await listConsultationRows(db, viewer.organisationId)) {
    const rings = await ringsOf(db, consultation.id);
    const sight = await canSeeConsultation(db, viewer, consultation, undefined, { rings });
    if (!sight.visible) continue;
    const open = rings.find(
      (ring) => ring.state === 'open' && sight.audienceRingIds.includes(ring.id),
    );
    result.push({
      id: consultation.id,
      title: consultation.title,
      state: consultation.state,
      manages: sight.manages,
      open_ring_id: open?.id ?? null,
      updated_at: consultation.updated_at,
    });
  }
  return result;
}

export async function versionFor(
  context: AppContext,
  viewer: ConsultViewer,
  id: number,
  versionId: number,
) {
  await visibleConsultation(context, viewer, id, versionId);
  const version = (await versionsOf(context.database.db, id)).find((one) => one.id === versionId);
  if (!version) throw notFound('version');
  return {
    id: version.id,
    number: version.number,
    text: version.text,
    created_at: version.created_at,
    answers_concerns: JSON.parse(version.answers_concerns) as number[],
  };
}

/** What changed between two versions the viewer may both see, and which concerns it answers. */
export async function diffFor(
  context: AppContext,
  viewer: ConsultViewer,
  id: number,
  fromId: number,
  toId: number,
) {
  const { sight } = await visibleConsultation(context, viewer, id);
  if (!sight.versionIds.includes(fromId) || !sight.versionIds.includes(toId)) {
    throw notFound('version');
  }
  const db = context.database.db;
  const versions = await versionsOf(db, id);
  const from = versions.find((one) => one.id === fromId);
  const to = versions.find((one) => one.id === toId);
  if (!from || !to) throw notFound('version');
  // Concerns answered by the versions after `from` up to `to`.
  const answered = new Set<number>();
  for (const version of versions) {
    if (version.number > from.number && version.number <= to.number) {
      for (const concernId of JSON.parse(version.answers_concerns) as number[])
        answered.add(concernId);
    }
  }
  const concerns = (await concernsOf(db, id)).filter((concern) => answered.has(concern.id));
  return {
    from: from.id,
    to: to.id,
    segments: wordDiff(from.text, to.text),
    answers_concerns: concerns.map((concern) => ({ id: concern.id, label: concern.label })),
  };
}

/** The reasons given in a ring, for the owner; names never shown in anonymous mode. */
export async function reasonsFor(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
) {
  const db = context.database.db;
  const { consultation, rings } = await managedConsultation(db, principal, id);
  if (!rings.some((ring) => ring.id === ringId)) throw notFound('ring');
  const anonymous = consultation.anonymous === 1;
  const rows = await reasonsOfRing(db, ringId, 2000);
  return {
    anonymous,
    data: rows.map((row) => ({
      response_id: row.id,
      stance: row.stance,
      reason: row.reason,
      name: anonymous ? null : row.name,
      updated_at: row.updated_at,
    })),
  };
}

export async function revokePerson(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { person_key: string; reason: string },
): Promise<void> {
  const db = context.database.db;
  await managedConsultation(db, principal, id);
  await insertRevocation(db, {
    consultation_id: id,
    person_key: input.person_key,
    organisation_id: principal.organisationId,
    reason: input.reason,
    revoked_by_user_id: principal.userId ?? 0,
    revoked_at: Date.now(),
  });
}

export async function viewsFor(context: AppContext, principal: Principal, id: number) {
  const db = context.database.db;
  const { consultation } = await managedConsultation(db, principal, id);
  const rows = await viewsOf(db, id);
  return rows.map((row) => ({
    version_id: row.version_id,
    // Anonymous consultations record views but never show who.
    person_key: consultation.anonymous === 1 ? 'hidden' : row.person_key,
    viewed_at: row.viewed_at,
  }));
}
