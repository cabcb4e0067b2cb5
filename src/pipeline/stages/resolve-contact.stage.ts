import { resolveContacts } from '../../modules/contacts/index.js';
import { handleKey } from '../../modules/ingest/index.js';
import {
  type Attributed,
  type CareBatch,
  type InboundItem,
  itemsByChannel,
  type Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * The customer behind each inbound message: an existing contact with that channel identity, or a
 * new contact with one identity. Outbound messages are written by the organisation: no contact.
 */
export const resolveContactStage: Stage<CareBatch & Threaded, Attributed> = {
  name: 'resolve-contact',
  async run(batch) {
    const contacts = new Map<InboundItem, number>();
    const inbound = batch.live.filter((item) => item.direction === 'inbound');
    for (const [channel, items] of itemsByChannel(inbound)) {
      const found = await resolveContacts(
        batch.trx,
        batch.dialect,
        batch.organisationId,
        channel,
        items.map((item) => ({ handle: item.authorHandle, name: item.authorName })),
        batch.now,
      );
      for (const item of items) {
        const contactId = found.get(handleKey(item.authorHandle));
        if (contactId !== undefined) contacts.set(item, contactId);
      }
    }
    return { contacts };
  },
};
