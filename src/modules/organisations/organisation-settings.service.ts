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
  /** The portal's branding: an https logo and the accent colour (#rrggbb). */
  logo_url: string | null;
  brand_colour: string;
}

export const defaultBrandColour = '#1f5fa8';

type Changes = Partial<Omit<OrganisationSettings, 'logo_url'>> & { logo_url?: string | null };

function brandingOf(settings: Record<string, unknown>) {
  return {
    logo_url: typeof settings.logo_url === 'string' ? settings.logo_url : null,
    brand_colour:
      typeof settings.brand_colour === 'string' ? settings.brand_colour : defaultBrandColour,
  };
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
  return settingsOfOrganisation(context, principal.organisationId);
}

export async function settingsOfOrganisation(
  context: AppContext,
  organisationId: number,
): Promise<OrganisationSettings> {
  const row = await findOrganisationWithSettings(context.database.db, organisationId);
  if (!row) throw notFound('organisation');
  const settings = settingsOf(row.settings);
  return {
    name: row.name,
    timezone: typeof settings.timezone === 'string' ? settings.timezone : 'UTC',
    language: typeof settings.language === 'string' ? settings.language : 'en',
    ...brandingOf(settings),
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
  changes: Changes,
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
    const branding = brandingOf(settings);
    const before = {
      name: row.name,
      timezone: settings.timezone,
      language: settings.language,
      logo_url: settings.logo_url,
      brand_colour: settings.brand_colour,
    };
    const next = {
      name: changes.name ?? row.name,
      timezone: changes.timezone ?? settings.timezone,
      language: language ?? settings.language,
      logo_url: changes.logo_url === undefined ? branding.logo_url : changes.logo_url,
      brand_colour: changes.brand_colour ?? settings.brand_colour,
    };
    const changed = Object.fromEntries(
      (['name', 'timezone', 'language', 'logo_url', 'brand_colour'] as const)
        .filter((key) => next[key] !== before[key])
        .map((key) => [key, { from: before[key] ?? null, to: next[key] }]),
    );
    if (Object.keys(changed).length === 0) return;
    await updateOrganisation(trx, principal.organisationId, {
      name: next.name,
      settings: JSON.stringify({
        ...settings,
        timezone: next.timezone,
        language: next.language,
        logo_url: next.logo_url,
        brand_colour: next.brand_colour,
      }),
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
