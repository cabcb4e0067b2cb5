import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { attributeValuesOf } from './attribute.repository.js';
import { keyDefinitionsOf } from './attribute.service.js';
import { valuesOfKey } from './attribute-definition.repository.js';
import { partnerOrganisationsOfContacts } from './partner.repository.js';
import { type NormalisedRule, type Rule, type RuleAttributes, validateRule } from './rule.js';
import {
  channelsOf,
  countMatchingContacts,
  sampleMatchingContacts,
  selectMatchingContactIds,
} from './rule.repository.js';

/**
 * A rule checked against the organisation's declared keys, normalised for both evaluators;
 * throws validation_failed with one field problem per fault (paths under `basePath`).
 */
export async function normaliseRule(
  db: Kysely<Database>,
  organisationId: number,
  rule: unknown,
  basePath = '/rule',
): Promise<NormalisedRule> {
  const checked = validateRule(rule, await keyDefinitionsOf(db, organisationId), basePath);
  if (checked.problems.length > 0) {
    throw new AppError('validation_failed', 'the rule is not valid', checked.problems);
  }
  return checked.rule;
}

/** Ids of the organisation's contacts the rule matches, in id order. */
export async function contactsMatchingRule(
  db: Kysely<Database>,
  organisationId: number,
  rule: Rule | unknown,
): Promise<number[]> {
  return selectMatchingContactIds(
    db,
    organisationId,
    await normaliseRule(db, organisationId, rule),
  );
}

/** How many contacts the rule matches ("this panel has 1,240 people"), counted by the database. */
export async function countContactsMatchingRule(
  db: Kysely<Database>,
  organisationId: number,
  rule: Rule | unknown,
): Promise<number> {
  return countMatchingContacts(db, organisationId, await normaliseRule(db, organisationId, rule));
}

/** The size of a rule's audience and its first ten people, before the rule is used. */
export async function previewRule(
  db: Kysely<Database>,
  organisationId: number,
  rule: unknown,
): Promise<{ count: number; sample: { id: number; name: string | null }[] }> {
  const normalised = await normaliseRule(db, organisationId, rule);
  return {
    count: await countMatchingContacts(db, organisationId, normalised),
    sample: await sampleMatchingContacts(db, organisationId, normalised, 10),
  };
}

/** What a rule sees of each contact: attribute values plus `channel`. */
export async function ruleAttributesOf(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<Map<number, RuleAttributes>> {
  const values = await attributeValuesOf(db, organisationId, contactIds);
  const channels = await channelsOf(db, organisationId, contactIds);
  const result = new Map<number, RuleAttributes>();
  for (const contactId of contactIds) {
    const attributes = new Map(values.get(contactId) ?? []);
    const contactChannels = channels.get(contactId);
    if (contactChannels) attributes.set('channel', contactChannels);
    result.set(contactId, attributes);
  }
  return result;
}

/**
 * Each contact's values of one segment key, for results broken down by segment: an attribute
 * key, `channel`, or `partner_organisation` (the partner's name). Contacts without a value are
 * absent from the map.
 */
export async function segmentValuesOf(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  key: string,
): Promise<Map<number, string[]>> {
  if (key === 'channel') return channelsOf(db, organisationId, contactIds);
  const result = new Map<number, string[]>();
  if (key === 'partner_organisation') {
    for (const [contactId, partner] of await partnerOrganisationsOfContacts(
      db,
      organisationId,
      contactIds,
    )) {
      result.set(contactId, [partner.name]);
    }
    return result;
  }
  for (const row of await valuesOfKey(db, organisationId, contactIds, key)) {
    const contactId = Number(row.contact_id);
    const list = result.get(contactId);
    if (list) list.push(row.value);
    else result.set(contactId, [row.value]);
  }
  return result;
}
