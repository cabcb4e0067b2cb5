import type { Static } from '@sinclair/typebox';
import type { JobRow } from '../../platform/jobs/job-queue.js';
import { iso } from '../../platform/time.js';
import type { JobListSchema, JobSchema, RetriedJobsSchema, StatsSchema } from './admin.schema.js';
import type { InstanceStats, ProcessStats } from './stats.service.js';

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

export function presentStats(
  stats: InstanceStats,
  process: ProcessStats,
): Static<typeof StatsSchema> {
  return { ...stats, ...process };
}
