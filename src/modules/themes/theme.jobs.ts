import type { DialectName } from '../../platform/database/connection.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { lockThemes } from './theme-lock.js';
import { type ReclusterPayload, reclusterJobKind, reclusterThemes } from './theme-recluster.js';

/** Re-clustering runs in the job's transaction, so a failure leaves the old themes intact. */
export function createReclusterJobHandler(
  dialect: DialectName,
  clock: () => number = Date.now,
): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<ReclusterPayload> | null;
    if (typeof value?.organisationId !== 'number') {
      throw new Error('themes.recluster payload must be { organisationId }');
    }
    await lockThemes(trx, dialect, value.organisationId);
    await reclusterThemes(trx, value.organisationId, clock());
    return undefined;
  };
}

export function themeJobHandlers(dialect: DialectName): [string, JobHandler][] {
  return [[reclusterJobKind, createReclusterJobHandler(dialect)]];
}
