import type { ConversationDetail } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { shortTime } from '../../components/format.js';

/** The person behind the conversation: every channel identity and their other conversations. */
export function ContactPanel({
  detail,
  onOpen,
  onBack,
}: {
  detail: ConversationDetail;
  onOpen(id: number): void;
  /** Back to the conversation (the contact is a screen of its own on a phone). */
  onBack(): void;
}) {
  const contact = detail.contact;
  // Asked again as the thread grows: the other conversations may have moved on too.
  const history = useApiQuery(
    contact ? '/api/v1/conversations' : null,
    { query: { contact_id: contact?.id, limit: 20 } },
    detail.messages.length,
  );

  if (!contact) {
    return (
      <aside className="contact-panel" aria-label="Contact">
        <BackToConversation onBack={onBack} />
        <p className="hint">No contact is linked to this conversation.</p>
      </aside>
    );
  }
  const others = (history.data?.data ?? []).filter((item) => item.id !== detail.conversation.id);
  return (
    <aside className="contact-panel" aria-label="Contact">
      <BackToConversation onBack={onBack} />
      <h2 dir="auto">{contact.name ?? 'Unnamed contact'}</h2>
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
                <span className="past-preview" dir="auto">
                  {item.preview}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

function BackToConversation({ onBack }: { onBack(): void }) {
  return (
    <div className="screen-nav">
      <button type="button" className="back-button" onClick={onBack}>
        ← Conversation
      </button>
    </div>
  );
}
