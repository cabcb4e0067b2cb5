import { useEffect, useState } from 'react';
import { api, type ConversationDetail, type ConversationSummary } from '../../api/api-client.js';
import { shortTime } from '../../components/format.js';

/** The person behind the conversation: every channel identity and their other conversations. */
export function ContactPanel({
  detail,
  onOpen,
}: {
  detail: ConversationDetail;
  onOpen(id: number): void;
}) {
  const contact = detail.contact;
  const [history, setHistory] = useState<ConversationSummary[]>([]);
  const contactId = contact?.id;
  const messageCount = detail.messages.length;
  useEffect(() => {
    if (contactId === undefined) return;
    api<{ data: ConversationSummary[] }>(
      'GET',
      `/api/v1/conversations?contact_id=${contactId}&limit=20`,
    ).then(
      (page) => setHistory(page.data),
      () => setHistory([]),
    );
  }, [contactId, messageCount]);

  if (!contact) {
    return (
      <aside className="contact-panel" aria-label="Contact">
        <p className="hint">No contact is linked to this conversation.</p>
      </aside>
    );
  }
  const others = history.filter((item) => item.id !== detail.conversation.id);
  return (
    <aside className="contact-panel" aria-label="Contact">
      <h2>{contact.name ?? 'Unnamed contact'}</h2>
      <h3>Identities</h3>
      <ul className="identities">
        {contact.identities.map((identity) => (
          <li key={identity.id}>
            <span className={`channel channel-${identity.channel}`}>{identity.channel}</span>{' '}
            {identity.handle}
          </li>
        ))}
      </ul>
      <h3>Other conversations</h3>
      {others.length === 0 ? (
        <p className="hint">None on any channel.</p>
      ) : (
        <ul className="past-conversations">
          {others.map((item) => (
            <li key={item.id}>
              <button type="button" className="link" onClick={() => onOpen(item.id)}>
                <span className={`channel channel-${item.channel}`}>{item.channel}</span> #{item.id}{' '}
                · {item.status} · {shortTime(item.last_message_at)}
                <span className="past-preview">{item.preview}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
