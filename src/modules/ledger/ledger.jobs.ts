import { defineJob } from '../../platform/jobs/job-definition.js';
import { checkBackContract, sendCheckBack } from './loop.service.js';

/** The check-back of a shipped decision, queued with the step and run days later. */
export const checkBackJob = defineJob({
  ...checkBackContract,
  async handle(trx, payload, { now }) {
    await sendCheckBack(trx, payload, now);
  },
});

export const ledgerJobs = [checkBackJob];
