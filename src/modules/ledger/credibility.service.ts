import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type CredibilityGroup, credibilityReport } from './credibility.js';
import { credibilityFacts } from './feedback.repository.js';

export interface CredibilityOptions {
  from: number;
  to: number;
  days: number;
  groupBy: CredibilityGroup;
}

/** The credibility gap for feedback said in [from, to), as it stood at `to` (or now, if sooner). */
export async function credibilityOf(
  context: AppContext,
  organisationId: number,
  options: CredibilityOptions,
) {
  if (options.to <= options.from) {
    throw new AppError('validation_failed', 'the period is empty', [
      { path: 'querystring/to', message: 'to must be after from' },
    ]);
  }
  const asOf = Math.min(options.to, Date.now());
  const facts = await credibilityFacts(context.database.db, organisationId, {
    from: options.from,
    to: options.to,
    asOf,
  });
  return {
    asOf,
    ...credibilityReport(facts, { asOf, days: options.days, groupBy: options.groupBy }),
  };
}
