import type { Static } from '@sinclair/typebox';
import type { JobRow } from '../../platform/jobs/job-queue.js';
import { iso } from '../../platform/time.js';
import type { JobListSchema, JobSchema, RetriedJobsSchema } from './admin.schema.js';

function presentJob(job: JobRow): Static<typeof JobSchema> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    run_at: iso(job.runAt),
    last_error: job.lastError,
    created_at: iso(job.createdAt),
    updated_at: iso(job.updatedAt),
    payload_preview: job.payloadPreview,
  };
}

export function presentJobList(jobs: JobRow[]): Static<typeof JobListSchema> {
  return { data: jobs.map(presentJob) };
}

export function presentRetriedJobs(retried: number): Static<typeof RetriedJobsSchema> {
  return { retried };
}
