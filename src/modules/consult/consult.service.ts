import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database, GateDecision } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { managedConsultation } from './access.service.js';
import { assertAudience, normaliseAudience, parseAudience } from './audience.js';
import { externalAudienceProblems } from './audience.service.js';
import { markConcernsChanged, openHotConcerns } from './concern.service.js';
import { consultErrors } from './consult.errors.js';
import { watchDivergence, watchQuorum } from './consult.jobs.js';
import {
  type ConsultationRow,
  deleteRing,
  insertConsultation,
  insertGate,
  insertRing,
  insertVersion,
  questionsOfRings,
  type RingRow,
  replaceQuestions,
  ringsOf,
  transitionRing,
  updateConsultation,
  updateRing,
  versionsOf,
} from './consult.repository.js';
import { defaultRings, type RingInput, ringProblems, throwIfProblems } from './consult-input.js';
import { inviteExternalPeople } from './invitation.service.js';
import { announceOutcome } from './outcome.service.js';

export interface ConsultationInput {
  title: string;
  text: string;
  anonymous?: boolean | undefined;
  rings?: RingInput[] | undefined;
}

/** Creates a consultation with its first version and its rings (default ones if none given). */
export async function createConsultation(
  context: AppContext,
  principal: Principal,
  input: ConsultationInput,
): Promise<number> {
  const ownerId = requireUser(principal);
  const now = Date.now();
  const rings = input.rings ?? defaultRings(ownerId, now);
  const problems = [];
  if (input.title.trim() === '') problems.push({ path: 'body/title', message: 'give a title' });
  if (input.text.trim() === '') problems.push({ path: 'body/text', message: 'write the proposal' });
  if (rings.length === 0)
    problems.push({ path: 'body/rings', message: 'a consultation needs a ring' });
  const checked = rings.map((ring, index) =>
    ringProblems(ring, `body/rings/${index}`, { requireAudience: input.rings !== undefined }),
  );
  for (const { problems: ringProblemList } of checked) problems.push(...ringProblemList);
  for (const [index, ring] of rings.entries()) {
    problems.push(
      ...(await externalAudienceProblems(
        context.database.db,
        principal.organisationId,
        normaliseAudience(ring.audience),
        `body/rings/${index}/audience`,
      )),
    );
  }
  throwIfProblems(problems, 'the consultation is not valid');

  return withTransaction(context.database, async (trx) => {
    const id = await insertConsultation(trx, {
      organisation_id: principal.organisationId,
      title: input.title.trim(),
      owner_user_id: ownerId,
      state: 'draft',
      anonymous: input.anonymous ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    await insertVersion(trx, {
      organisation_id: principal.organisationId,
      consultation_id: id,
      text: input.text,
      answers_concerns: '[]',
      created_by_user_id: ownerId,
      created_at: now,
    });
    for (const [index, ring] of rings.entries()) {
      const ringId = await insertRing(trx, {
        organisation_id: principal.organisationId,
        consultation_id: id,
        ordinal: index + 1,
        round: 1,
        name: ring.name.trim(),
        audience: JSON.stringify(normaliseAudience(ring.audience)),
        opens_at: ring.opens_at,
        closes_at: ring.closes_at,
        quorum: ring.quorum ?? 0,
        state: 'draft',
        version_id: null,
        opened_at: null,
        closed_at: null,
        quorum_alerted_at: null,
      });
      await replaceQuestions(
        trx,
        principal.organisationId,
        ringId,
        checked[index]?.questions ?? [],
      );
    }
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'consultation.created',
      subjectType: 'consultation',
      subjectId: id,
      changes: { title: input.title, rings: rings.length },
    });
    return id;
  });
}

function requireUser(principal: Principal): number {
  if (principal.userId === null) throw new AppError('forbidden', 'consultations are run by people');
  return principal.userId;
}

function assertNotFinished(consultation: ConsultationRow): void {
  if (consultation.state === 'announced' || consultation.state === 'stopped') {
    throw consultErrors.error(
      'consultation_finished',
      `the consultation was ${consultation.state}`,
    );
  }
}

function ringOf(rings: RingRow[], ringId: number): RingRow {
  const ring = rings.find((candidate) => candidate.id === ringId);
  if (!ring) throw notFound('ring');
  return ring;
}

export async function editConsultation(
  context: AppContext,
  principal: Principal,
  id: number,
  changes: { title?: string | undefined; anonymous?: boolean | undefined },
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    if (changes.title !== undefined && changes.title.trim() === '') {
      throw new AppError('validation_failed', 'invalid title', [
        { path: 'body/title', message: 'give a title' },
      ]);
    }
    // Participants answered under a promise of (non-)anonymity: it cannot change afterwards.
    if (changes.anonymous !== undefined && rings.some((ring) => ring.state !== 'draft')) {
      throw new AppError('validation_failed', 'anonymity is fixed once a ring opened', [
        { path: 'body/anonymous', message: 'anonymity is fixed once a ring opened' },
      ]);
    }
    await updateConsultation(trx, id, {
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.anonymous !== undefined ? { anonymous: changes.anonymous ? 1 : 0 } : {}),
      updated_at: Date.now(),
    });
  });
}

/** Adds a ring after the last one (draft). */
export async function addRing(
  context: AppContext,
  principal: Principal,
  id: number,
  input: RingInput,
): Promise<number> {
  const { problems, questions } = ringProblems(input, 'body', { requireAudience: true });
  problems.push(
    ...(await externalAudienceProblems(
      context.database.db,
      principal.organisationId,
      normaliseAudience(input.audience),
      'body/audience',
    )),
  );
  throwIfProblems(problems, 'the ring is not valid');
  return withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ordinal = Math.max(0, ...rings.map((ring) => ring.ordinal)) + 1;
    const ringId = await insertRing(trx, {
      organisation_id: principal.organisationId,
      consultation_id: id,
      ordinal,
      round: 1,
      name: input.name.trim(),
      audience: JSON.stringify(normaliseAudience(input.audience)),
      opens_at: input.opens_at,
      closes_at: input.closes_at,
      quorum: input.quorum ?? 0,
      state: 'draft',
      version_id: null,
      opened_at: null,
      closed_at: null,
      quorum_alerted_at: null,
    });
    await replaceQuestions(trx, principal.organisationId, ringId, questions);
    return ringId;
  });
}

/** Replaces a draft ring's settings and questions. */
export async function editRing(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
  input: RingInput,
): Promise<void> {
  const { problems, questions } = ringProblems(input, 'body', { requireAudience: true });
  problems.push(
    ...(await externalAudienceProblems(
      context.database.db,
      principal.organisationId,
      normaliseAudience(input.audience),
      'body/audience',
    )),
  );
  throwIfProblems(problems, 'the ring is not valid');
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ring = ringOf(rings, ringId);
    if (ring.state !== 'draft') {
      throw consultErrors.error('ring_state_conflict', 'only a draft ring can be edited');
    }
    await updateRing(trx, ringId, {
      name: input.name.trim(),
      audience: JSON.stringify(normaliseAudience(input.audience)),
      opens_at: input.opens_at,
      closes_at: input.closes_at,
      quorum: input.quorum ?? 0,
    });
    await replaceQuestions(trx, principal.organisationId, ringId, questions);
  });
}

export async function removeRing(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ring = ringOf(rings, ringId);
    if (ring.state !== 'draft' || ring.round !== 1) {
      throw consultErrors.error('ring_state_conflict', 'only a draft ring can be removed');
    }
    await deleteRing(trx, ringId);
  });
}

/** A new version of the text, optionally naming the concerns it answers (they become "changed"). */
export async function createVersion(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { text: string; answers_concerns?: number[] | undefined },
): Promise<number> {
  if (input.text.trim() === '') {
    throw new AppError('validation_failed', 'empty text', [
      { path: 'body/text', message: 'write the proposal' },
    ]);
  }
  return withTransaction(context.database, async (trx) => {
    const { consultation } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const concernIds = [...new Set(input.answers_concerns ?? [])];
    const version = await insertVersion(trx, {
      organisation_id: principal.organisationId,
      consultation_id: id,
      text: input.text,
      answers_concerns: JSON.stringify(concernIds),
      created_by_user_id: requireUser(principal),
      created_at: Date.now(),
    });
    await markConcernsChanged(trx, id, concernIds, version.id);
    return version.id;
  });
}

async function latestVersionId(db: Kysely<Database>, consultationId: number): Promise<number> {
  const versions = await versionsOf(db, consultationId);
  const last = versions[versions.length - 1];
  if (!last) throw new Error(`consultation ${consultationId} has no version`);
  return last.id;
}

/** Opens a draft ring with the current version, once every earlier ring passed its gate. */
export async function openRing(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ring = ringOf(rings, ringId);
    if (ring.state !== 'draft') {
      throw consultErrors.error('ring_state_conflict', `the ring is ${ring.state}`);
    }
    const blocking = rings.find(
      (other) =>
        other.id !== ring.id &&
        (other.ordinal < ring.ordinal ||
          (other.ordinal === ring.ordinal && other.round < ring.round)) &&
        other.state !== 'gated',
    );
    if (blocking) {
      throw consultErrors.error(
        'ring_state_conflict',
        `ring "${blocking.name}" needs its gate decision first`,
      );
    }
    await startRing(trx, consultation, ring, Date.now());
    await updateConsultation(trx, id, { state: 'running', updated_at: Date.now() });
  });
}

async function startRing(
  trx: Kysely<Database>,
  consultation: ConsultationRow,
  ring: RingRow,
  now: number,
): Promise<void> {
  assertAudience(parseAudience(ring.audience), 'audience');
  const duration = Math.max(ring.closes_at - ring.opens_at, 3_600_000);
  const closesAt = ring.closes_at > now ? ring.closes_at : now + duration;
  await watchQuorum(trx, ring, closesAt);
  const moved = await transitionRing(trx, ring.id, 'draft', {
    state: 'open',
    version_id: await latestVersionId(trx, ring.consultation_id),
    opened_at: now,
    opens_at: Math.min(ring.opens_at, now),
    closes_at: closesAt,
  });
  if (!moved) throw consultErrors.error('ring_state_conflict', 'the ring was opened already');
  await inviteExternalPeople(trx, consultation, ring, closesAt, now);
}

export async function closeRing(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ring = ringOf(rings, ringId);
    const moved = await transitionRing(trx, ring.id, 'open', {
      state: 'closed',
      closed_at: Date.now(),
    });
    if (!moved) throw consultErrors.error('ring_state_conflict', `the ring is ${ring.state}`);
    await watchDivergence(trx, ring);
  });
}

export interface GateInput {
  decision: GateDecision;
  reason: string;
  override_reason?: string | undefined;
}

/**
 * The gate after a closed ring: go (the next ring opens with the current version; after the last
 * ring the change is announced), revise (a newer version is required; the ring runs again with
 * it) or stop. Refused while a hot concern is open unless an override reason is recorded.
 */
export async function decideGate(
  context: AppContext,
  principal: Principal,
  id: number,
  ringId: number,
  input: GateInput,
): Promise<void> {
  if (input.reason.trim() === '') {
    throw new AppError('validation_failed', 'give a reason', [
      { path: 'body/reason', message: 'say why' },
    ]);
  }
  const override = input.override_reason?.trim() || null;
  await withTransaction(context.database, async (trx) => {
    const { consultation, rings } = await managedConsultation(trx, principal, id);
    assertNotFinished(consultation);
    const ring = ringOf(rings, ringId);
    if (ring.state !== 'closed') {
      throw consultErrors.error(
        'ring_state_conflict',
        ring.state === 'gated' ? 'this ring already has its gate decision' : 'close the ring first',
      );
    }
    if (input.decision === 'go') {
      const hot = await openHotConcerns(trx, id);
      if (hot.length > 0 && !override) {
        throw consultErrors.error(
          'hot_concern_open',
          `${hot.length} hot concern(s) still open: answer them or give an override reason`,
          [{ path: 'body/override_reason', message: 'required while a hot concern is open' }],
        );
      }
    }
    const now = Date.now();
    const currentVersion = await latestVersionId(trx, id);
    if (input.decision === 'revise' && currentVersion === ring.version_id) {
      throw new AppError('validation_failed', 'write the revised version first', [
        { path: 'body/decision', message: 'revise needs a new version of the text' },
      ]);
    }
    await insertGate(trx, {
      organisation_id: principal.organisationId,
      ring_id: ring.id,
      decision: input.decision,
      reason: input.reason.trim(),
      override_reason: input.decision === 'go' ? override : null,
      decided_by_user_id: requireUser(principal),
      decided_at: now,
    });
    const moved = await transitionRing(trx, ring.id, 'closed', { state: 'gated' });
    if (!moved) throw consultErrors.error('ring_state_conflict', 'the gate was decided already');

    if (input.decision === 'stop') {
      await updateConsultation(trx, id, { state: 'stopped', updated_at: now });
    } else if (input.decision === 'revise') {
      const repeatId = await insertRing(trx, {
        organisation_id: principal.organisationId,
        consultation_id: id,
        ordinal: ring.ordinal,
        round: ring.round + 1,
        name: ring.name,
        audience: ring.audience,
        opens_at: ring.opens_at,
        closes_at: ring.closes_at,
        quorum: ring.quorum,
        state: 'draft',
        version_id: null,
        opened_at: null,
        closed_at: null,
        quorum_alerted_at: null,
      });
      const questions = await questionsOfRings(trx, [ring.id]);
      await replaceQuestions(
        trx,
        principal.organisationId,
        repeatId,
        questions.map((question) => ({
          kind: question.kind,
          prompt: question.prompt,
          options: JSON.parse(question.options) as string[],
          required: question.required === 1,
        })),
      );
      const repeat = (await ringsOf(trx, id)).find((candidate) => candidate.id === repeatId);
      if (repeat) await startRing(trx, consultation, repeat, now);
    } else {
      const next = rings
        .filter((candidate) => candidate.ordinal > ring.ordinal && candidate.state === 'draft')
        .sort((a, b) => a.ordinal - b.ordinal || a.round - b.round)[0];
      if (next) {
        try {
          await startRing(trx, consultation, next, now);
        } catch (error) {
          if (error instanceof AppError && error.code === 'validation_failed') {
            throw new AppError('validation_failed', `the next ring "${next.name}" cannot open`, [
              { path: 'body/decision', message: `give ring "${next.name}" an audience first` },
            ]);
          }
          throw error;
        }
      } else {
        await updateConsultation(trx, id, { state: 'announced', updated_at: now });
        await announceOutcome(trx, consultation, rings, input.reason.trim(), now);
      }
    }
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'consultation.gate',
      subjectType: 'consultation',
      subjectId: id,
      changes: { ring_id: ring.id, decision: input.decision, override_reason: override },
    });
  });
}
