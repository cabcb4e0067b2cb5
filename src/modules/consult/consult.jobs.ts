import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { defineJob, enqueue } from '../../platform/jobs/job-definition.js';
import { countResponses } from './concern.repository.js';
import {
  findConsultation,
  questionsOfRings,
  type RingRow,
  ringsOf,
  updateRing,
} from './consult.repository.js';
import { tellUsers } from './outcome.repository.js';
import { hasNotification } from './results.repository.js';
import { defaultDivergenceThreshold, ringResults } from './results.service.js';

/** The attribute whose segments the divergence watch compares (results can use any key). */
export const watchedSegmentKey = 'department';
const day = 86_400_000;

const watchRing = {
  kind: 'consult.watch_ring',
  payload: Type.Object({
    organisationId: Type.Integer(),
    consultationId: Type.Integer(),
    ringId: Type.Integer(),
    check: Type.Union([Type.Literal('quorum'), Type.Literal('divergence')]),
  }),
};

/** Queues the quorum check a day before the ring closes (now, when less than a day is left). */
export async function watchQuorum(
  trx: Kysely<Database>,
  ring: RingRow,
  closesAt: number,
): Promise<void> {
  await enqueue(
    trx,
    watchRing,
    {
      organisationId: ring.organisation_id,
      consultationId: ring.consultation_id,
      ringId: ring.id,
      check: 'quorum',
    },
    { runAt: closesAt - day },
  );
}

export async function watchDivergence(trx: Kysely<Database>, ring: RingRow): Promise<void> {
  await enqueue(trx, watchRing, {
    organisationId: ring.organisation_id,
    consultationId: ring.consultation_id,
    ringId: ring.id,
    check: 'divergence',
  });
}

/**
 * Tells the owner in the app, once per finding: a ring below quorum with a day left, or two
 * segments whose support differs significantly (Fisher's exact p < 0.05) by more than the
 * threshold. Idempotent: the quorum alert is marked on the ring, a divergence by its content.
 */
export const watchRingJob = defineJob({
  ...watchRing,
  async handle(trx, { organisationId, consultationId, ringId, check }, { now }) {
    const consultation = await findConsultation(trx, organisationId, consultationId);
    const ring = (await ringsOf(trx, consultationId)).find((candidate) => candidate.id === ringId);
    if (!consultation || !ring) return;
    if (check === 'quorum') {
      if (ring.state !== 'open' || ring.quorum_alerted_at !== null || now > ring.closes_at) return;
      const responses = await countResponses(trx, ringId);
      if (responses >= ring.quorum) return;
      await tellUsers(trx, organisationId, [consultation.owner_user_id], {
        type: 'consultation_quorum',
        data: JSON.stringify({
          consultation_id: consultationId,
          ring_id: ringId,
          responses,
          quorum: ring.quorum,
        }),
        at: now,
      });
      await updateRing(trx, ringId, { quorum_alerted_at: now });
      return;
    }
    const questions = await questionsOfRings(trx, [ringId]);
    const results = await ringResults(trx, organisationId, ring, questions, {
      segmentKey: watchedSegmentKey,
      weightKey: null,
      threshold: defaultDivergenceThreshold,
    });
    for (const divergence of results.divergences.filter((one) => one.alert)) {
      const data = JSON.stringify({
        consultation_id: consultationId,
        ring_id: ringId,
        segments: [divergence.a, divergence.b],
      });
      if (
        await hasNotification(
          trx,
          organisationId,
          consultation.owner_user_id,
          'consultation_divergence',
          data,
        )
      )
        continue;
      await tellUsers(trx, organisationId, [consultation.owner_user_id], {
        type: 'consultation_divergence',
        data,
        at: now,
      });
    }
  },
});

export const consultJobs = [watchRingJob];
