import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type { ContactSchema } from './contact.schema.js';
import type { contactWithIdentities } from './contact.service.js';

type ContactView = Awaited<ReturnType<typeof contactWithIdentities>>;

export function presentContact({ contact, identities }: ContactView): Static<typeof ContactSchema> {
  return {
    id: contact.id,
    name: contact.name,
    merged_into_id: contact.merged_into_id,
    identities: identities.map((identity) => ({
      id: identity.id,
      channel: identity.channel,
      handle: identity.handle,
      display_name: identity.display_name,
    })),
    created_at: iso(contact.created_at),
  };
}
