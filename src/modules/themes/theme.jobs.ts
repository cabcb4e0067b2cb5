import { Type } from '@sinclair/typebox';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { lockThemes } from './theme-lock.js';
import { reclusterThemes } from './theme-recluster.js';

/** Re-clustering runs in the job's transaction, so a failure leaves the old themes intact. */
export const reclusterJob = defineJob({
  kind: 'themes.recluster',
  payload: Type.Object({ organisationId: Type.Integer({ minimum: 1 }) }),
  async handle(trx, { organisationId }, { now }) {
    await lockThemes(trx, organisationId);
    await reclusterThemes(trx, organisationId, now);
  },
});

export const themeJobs = [reclusterJob];
