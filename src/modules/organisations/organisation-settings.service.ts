import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isValidTimezone } from '../../platform/time.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findOrganisationWithSettings, updateOrganisation } from './organisation.repository.js';

/**
 * The organisation's name, default timezone (for new teams and reports) and language (for what
 * Hearken writes to people), kept in `organisations.settings` beside whatever else is there.
 */
export interface OrganisationSettings {
  name: string;
  timezone: string;
  language: string;
}

function settingsOf(stored: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(stored);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export async function organisationSettings(
  context: AppContext,
  principal: Principal,
): Promise<OrganisationSettings> {
  const row = await findOrganisationWithSettings(context.database.db, principal.organisationId);
  if (!row) throw notFound('organisation');
  const settings = settingsOf(row.settings);
  return {
    name: row.name,
    timezone: typeof settings.timezone === 'string' ? settings.timezone : 'UTC',
    language: typeof settings.language === 'string' ? settings.language : 'en',
  };
}

function canonicalLanguage(language: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(language);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new AppError('validation_failed', 'unknown language', [
    { path: '/language', message: 'use a language tag such as en, de or pt-BR' },
  ]);
}

export async function changeOrganisationSettings(
  context: AppContext,
  principal: Principal,
  changes: Partial<OrganisationSettings>,
): Promise<OrganisationSettings> {
  if (changes.timezone !== undefined && !isValidTimezone(changes.timezone)) {
    throw new AppError('validation_failed', 'unknown timezone', [
      { path: '/timezone', message: 'use an IANA timezone such as Europe/Berlin' },
    ]);
  }
  const language = changes.language === undefined ? undefined : canonicalLanguage(changes.language);
  await withTransaction(context.database, async (trx) => {
    const row = await findOrganisationWithSettings(trx, principal.organisationId);
    if (!row) throw notFound('organisation');
    const settings = settingsOf(row.settings);
    const before = { name: row.name, timezone: settings.timezone, language: settings.language };
    const next = {
      name: changes.name ?? row.name,
      timezone: changes.timezone ?? settings.timezone,
      language: language ?? settings.language,
    };
    const changed = Object.fromEntries(
      (['name', 'timezone', 'language'] as const)
        .filter((key) => next[key] !== before[key])
        .map((key) => [key, { from: before[key] ?? null, to: next[key] }]),
    );
    if (Object.keys(changed).length === 0) return;
    await updateOrganisation(trx, principal.organisationId, {
      name: next.name,
      settings: JSON.stringify({ ...settings, timezone: next.timezone, language: next.language }),
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'organisation.updated',
      subjectType: 'organisation',
      subjectId: principal.organisationId,
      changes: changed,
    });
  });
  return organisationSettings(context, principal);
}
