import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { Principal } from '../auth/index.js';
import { attributeValuesOf } from './attribute.repository.js';
import { listAttributeDefinitions } from './attribute.service.js';
import { contactIdsOfUsers } from './person.service.js';

/** What the organisation knows of a signed-in user as a person (the member's profile page). */
export async function profileOf(db: Kysely<Database>, principal: Principal) {
  const organisationId = principal.organisationId;
  const contactId =
    principal.userId === null
      ? undefined
      : (await contactIdsOfUsers(db, organisationId, [principal.userId])).get(principal.userId);
  if (contactId === undefined) return { contact_id: null, attributes: [] };
  const values = (await attributeValuesOf(db, organisationId, [contactId])).get(contactId);
  const definitions = await listAttributeDefinitions(db, organisationId);
  return {
    contact_id: contactId,
    attributes: definitions.flatMap((definition) => {
      const held = values?.get(definition.key);
      return held ? [{ key: definition.key, label: definition.label, values: held }] : [];
    }),
  };
}
