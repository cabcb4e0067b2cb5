import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { ConcernDisposition, Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Principal } from '../auth/index.js';
import { classifyMessages } from '../classification/index.js';
import {
  DocumentFrequencies,
  defaultClustererOptions,
  labelFromTerms,
  ThemeClusterer,
  topTerms,
  vectorise,
} from '../themes/index.js';
import { managedConsultation } from './access.service.js';
import {
  addMembers,
  type ConcernRow,
  concernsOf,
  countResponses,
  deleteAutomaticOpenConcerns,
  findConcern,
  insertConcern,
  membersOfConcerns,
  moveMembers,
  responseIdsOfRing,
  responsesWithReasons,
  setConcernsChanged,
  updateConcern,
} from './concern.repository.js';
import { versionsOf } from './consult.repository.js';
import { hotReasonsOf } from './hot-rule.js';

/** The attribute whose values count as "segments" for the one-segment part of the hot rule. */
export const concernSegmentKey = 'department';

export async function openHotConcerns(
  db: Kysely<Database>,
  consultationId: number,
): Promise<ConcernRow[]> {
  return (await concernsOf(db, consultationId)).filter(
    (concern) => concern.disposition === 'open' && concern.hot === 1,
  );
}

export async function markConcernsChanged(
  db: Kysely<Database>,
  consultationId: number,
  ids: readonly number[],
  versionId: number,
): Promise<void> {
  const changed = await setConcernsChanged(db, consultationId, ids, versionId, Date.now());
  if (changed !== ids.length) {
    throw new AppError('validation_failed', 'unknown concern', [
      { path: 'body/answers_concerns', message: 'name concerns of this consultation' },
    ]);
  }
}

/** Recomputes the hot flag of concerns from their members (stance, anger, segments). */
async function refreshHot(db: Kysely<Database>, concerns: ConcernRow[]): Promise<void> {
  const members = await membersOfConcerns(
    db,
    concerns.map((concern) => concern.id),
    concernSegmentKey,
  );
  const totals = new Map<number, number>();
  for (const concern of concerns) {
    if (!totals.has(concern.ring_id))
      totals.set(concern.ring_id, await countResponses(db, concern.ring_id));
  }
  for (const concern of concerns) {
    const own = members.filter((member) => member.concern_id === concern.id);
    const anger = own.length > 0 ? classifyMessages(own.map((member) => member.reason)) : [];
    const segments = new Map<string, number>();
    for (const member of own) {
      if (member.segment !== null)
        segments.set(member.segment, (segments.get(member.segment) ?? 0) + 1);
    }
    const reasons = hotReasonsOf({
      volume: own.length,
      ringResponses: totals.get(concern.ring_id) ?? 0,
      blocks: own.filter((member) => member.stance === 'block').length,
      meanAnger:
        anger.length > 0 ? anger.reduce((sum, one) => sum + one.anger_score, 0) / anger.length : 0,
      largestSegmentCount: Math.max(0, ...segments.values()),
    });
    const keepManualHot = concern.manual === 1 && concern.hot === 1 && reasons.length === 0;
    await updateConcern(db, concern.id, {
      hot: reasons.length > 0 || keepManualHot ? 1 : 0,
      hot_reasons: JSON.stringify(keepManualHot ? ['owner'] : reasons),
    });
  }
}

/**
 * Groups the reasons of a ring into concerns with the listening clusterer (short-text TF-IDF
 * themes), replacing the earlier automatic open concerns of that ring; concerns the owner made,
 * merged or answered stay as they are.
 */
export async function groupConcerns(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  ringId: number,
): Promise<number> {
  return withTransaction(context.database, async (trx) => {
    const { rings } = await managedConsultation(trx, principal, consultationId);
    if (!rings.some((ring) => ring.id === ringId)) throw notFound('ring');
    await deleteAutomaticOpenConcerns(trx, ringId);
    const responses = await responsesWithReasons(trx, ringId);
    const frequencies = new DocumentFrequencies();
    for (const response of responses) vectorise(response.reason, frequencies, true);
    const clusterer = new ThemeClusterer({ ...defaultClustererOptions, minThemeSize: 2 });
    const themeOf = new Map<number, number>();
    for (const response of responses) {
      const vector = vectorise(response.reason, frequencies, false);
      for (const assignment of clusterer.assign(response.id, vector, response.updated_at)) {
        if (assignment.themeId === null) themeOf.delete(assignment.messageId);
        else themeOf.set(assignment.messageId, assignment.themeId);
      }
    }
    const byTheme = new Map<number, number[]>();
    for (const [responseId, themeId] of themeOf) {
      const list = byTheme.get(themeId) ?? [];
      list.push(responseId);
      byTheme.set(themeId, list);
    }
    const now = Date.now();
    const created: ConcernRow[] = [];
    for (const [themeId, responseIds] of byTheme) {
      const theme = clusterer.themes.get(themeId);
      const label = labelFromTerms(topTerms(theme?.words ?? new Map(), frequencies, 3));
      const row = {
        organisation_id: principal.organisationId,
        consultation_id: consultationId,
        ring_id: ringId,
        label,
        disposition: 'open' as const,
        version_id: null,
        clarification: null,
        decline_reason: null,
        merged_into_id: null,
        hot: 0,
        hot_reasons: '[]',
        manual: 0,
        created_at: now,
        updated_at: now,
      };
      const id = await insertConcern(trx, row);
      await addMembers(trx, id, responseIds);
      created.push({ ...row, id });
    }
    await refreshHot(trx, created);
    return created.length;
  });
}

/** A concern the owner names by hand, with the responses that raise it. */
export async function addConcern(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  input: {
    ring_id: number;
    label: string;
    response_ids?: number[] | undefined;
    hot?: boolean | undefined;
  },
): Promise<number> {
  if (input.label.trim() === '') {
    throw new AppError('validation_failed', 'name the concern', [
      { path: 'body/label', message: 'name the concern' },
    ]);
  }
  return withTransaction(context.database, async (trx) => {
    const { rings } = await managedConsultation(trx, principal, consultationId);
    if (!rings.some((ring) => ring.id === input.ring_id)) {
      throw new AppError('validation_failed', 'unknown ring', [
        { path: 'body/ring_id', message: 'not a ring of this consultation' },
      ]);
    }
    const wanted = [...new Set(input.response_ids ?? [])];
    const found = await responseIdsOfRing(trx, input.ring_id, wanted);
    if (found.length !== wanted.length) {
      throw new AppError('validation_failed', 'unknown response', [
        { path: 'body/response_ids', message: 'name responses of this ring' },
      ]);
    }
    const now = Date.now();
    const row = {
      organisation_id: principal.organisationId,
      consultation_id: consultationId,
      ring_id: input.ring_id,
      label: input.label.trim(),
      disposition: 'open' as const,
      version_id: null,
      clarification: null,
      decline_reason: null,
      merged_into_id: null,
      hot: input.hot ? 1 : 0,
      hot_reasons: input.hot ? '["owner"]' : '[]',
      manual: 1,
      created_at: now,
      updated_at: now,
    };
    const id = await insertConcern(trx, row);
    await addMembers(trx, id, found);
    await refreshHot(trx, [{ ...row, id }]);
    return id;
  });
}

/** Merges `sourceIds` into `targetId`: their members move, they are kept as "merged". */
export async function mergeConcerns(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  targetId: number,
  sourceIds: number[],
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    await managedConsultation(trx, principal, consultationId);
    const target = await findConcern(trx, consultationId, targetId);
    if (!target || target.disposition === 'merged') throw notFound('concern');
    const now = Date.now();
    for (const sourceId of new Set(sourceIds)) {
      const source = await findConcern(trx, consultationId, sourceId);
      if (!source || sourceId === targetId || source.disposition === 'merged') {
        throw new AppError('validation_failed', 'unknown concern', [
          { path: 'body/concern_ids', message: 'name other concerns of this consultation' },
        ]);
      }
      await moveMembers(trx, sourceId, targetId);
      await updateConcern(trx, sourceId, {
        disposition: 'merged',
        merged_into_id: targetId,
        updated_at: now,
      });
    }
    await updateConcern(trx, targetId, { manual: 1, updated_at: now });
    await refreshHot(trx, [{ ...target, manual: 1 }]);
  });
}

/** Splits some responses out of a concern into a new one. */
export async function splitConcern(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  concernId: number,
  input: { label: string; response_ids: number[] },
): Promise<number> {
  return withTransaction(context.database, async (trx) => {
    await managedConsultation(trx, principal, consultationId);
    const source = await findConcern(trx, consultationId, concernId);
    if (!source || source.disposition === 'merged') throw notFound('concern');
    const members = await membersOfConcerns(trx, [concernId], concernSegmentKey);
    const wanted = [...new Set(input.response_ids)];
    if (
      wanted.length === 0 ||
      wanted.some((id) => !members.some((member) => member.response_id === id))
    ) {
      throw new AppError('validation_failed', 'name responses of this concern', [
        { path: 'body/response_ids', message: 'name responses of this concern' },
      ]);
    }
    if (input.label.trim() === '') {
      throw new AppError('validation_failed', 'name the new concern', [
        { path: 'body/label', message: 'name the new concern' },
      ]);
    }
    const now = Date.now();
    const row = {
      ...source,
      label: input.label.trim(),
      disposition: 'open' as const,
      version_id: null,
      clarification: null,
      decline_reason: null,
      manual: 1,
      hot: 0,
      hot_reasons: '[]',
      created_at: now,
      updated_at: now,
    };
    const { id: _drop, ...values } = row;
    const id = await insertConcern(trx, values);
    await moveMembers(trx, concernId, id, wanted);
    await updateConcern(trx, concernId, { manual: 1, updated_at: now });
    await refreshHot(trx, [source, { ...row, id }]);
    return id;
  });
}

export interface DispositionInput {
  disposition: Exclude<ConcernDisposition, 'merged'>;
  version_id?: number | undefined;
  clarification?: string | undefined;
  decline_reason?: string | undefined;
  label?: string | undefined;
}

/** Answers a concern: changed (by a version), clarified (text shown to the ring), declined (why). */
export async function setDisposition(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  concernId: number,
  input: DispositionInput,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    await managedConsultation(trx, principal, consultationId);
    const concern = await findConcern(trx, consultationId, concernId);
    if (!concern || concern.disposition === 'merged') throw notFound('concern');
    const problems = [];
    if (input.disposition === 'changed') {
      const versions = await versionsOf(trx, consultationId);
      if (!versions.some((version) => version.id === input.version_id))
        problems.push({
          path: 'body/version_id',
          message: 'name the version that changed the text',
        });
    }
    if (input.disposition === 'clarified' && !input.clarification?.trim()) {
      problems.push({ path: 'body/clarification', message: 'write the clarification' });
    }
    if (input.disposition === 'declined' && !input.decline_reason?.trim()) {
      problems.push({ path: 'body/decline_reason', message: 'say why it is declined' });
    }
    if (problems.length > 0)
      throw new AppError('validation_failed', 'the answer is not complete', problems);
    await updateConcern(trx, concernId, {
      disposition: input.disposition,
      version_id: input.disposition === 'changed' ? (input.version_id ?? null) : null,
      clarification:
        input.disposition === 'clarified' ? (input.clarification?.trim() ?? null) : null,
      decline_reason:
        input.disposition === 'declined' ? (input.decline_reason?.trim() ?? null) : null,
      ...(input.label?.trim() ? { label: input.label.trim() } : {}),
      updated_at: Date.now(),
    });
  });
}

/** The register: each concern with volume, segments raising it and a few quotes. */
export async function concernRegister(
  context: AppContext,
  principal: Principal,
  consultationId: number,
) {
  const db = context.database.db;
  await managedConsultation(db, principal, consultationId);
  const concerns = await concernsOf(db, consultationId);
  const members = await membersOfConcerns(
    db,
    concerns.map((concern) => concern.id),
    concernSegmentKey,
  );
  return concerns.map((concern) => {
    const own = members.filter((member) => member.concern_id === concern.id);
    const segments = new Map<string, number>();
    for (const member of own) {
      const segment = member.segment ?? '(none)';
      segments.set(segment, (segments.get(segment) ?? 0) + 1);
    }
    return {
      concern,
      volume: own.length,
      // Small groups are not named: fewer than 5 people from a segment count as "other".
      segments: mergeSmall(segments),
      quotes: own.slice(0, 3).map((member) => member.reason),
      responseIds: own.map((member) => member.response_id),
    };
  });
}

function mergeSmall(segments: Map<string, number>): { segment: string; count: number }[] {
  const result: { segment: string; count: number }[] = [];
  let other = 0;
  for (const [segment, count] of segments) {
    if (count < 5) other += count;
    else result.push({ segment, count });
  }
  if (other > 0) result.push({ segment: 'other', count: other });
  return result.sort((a, b) => b.count - a.count);
}
