import { resolveContacts } from '../../modules/contacts/index.js';
import { handleKey } from '../inbound-event.js';
import { itemsByChannel, type PipelineStage } from '../pipeline-batch.js';

/**
 * The customer behind each inbound message: an existing contact with that channel identity, or a
 * new contact with one identity. Outbound messages are written by the organisation: no contact.
 */
export const resolveContactStage: PipelineStage = {
  name: 'resolve-contact',
  async run(batch) {
    const inbound = batch.items.filter((item) => !item.duplicate && item.direction === 'inbound');
    for (const [channel, items] of itemsByChannel(inbound)) {
      const contacts = await resolveContacts(
        batch.trx,
        batch.dialect,
        batch.organisationId,
        channel,
        items.map((item) => ({ handle: item.authorHandle, name: item.authorName })),
        batch.now,
      );
      for (const item of items) item.contactId = contacts.get(handleKey(item.authorHandle)) ?? null;
    }
  },
};
