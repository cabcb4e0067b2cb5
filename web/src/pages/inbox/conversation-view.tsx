import { type Ref, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { api } from '../../api/api-client.js';
import type {
  ConversationChanges,
  ConversationDetail,
  SessionUser,
  Viewer,
} from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { contactName, duration, fullTime, shortTime } from '../../components/format.js';
import { ContactPanel } from './contact-panel.js';
import { ConversationActions } from './conversation-actions.js';
import { DeliveryFailure } from './delivery-failure.js';
import { LinkToDecision } from './link-to-decision.js';
import { MessageBadges } from './message-badges.js';
import { MoodTrajectory } from './mood-trajectory.js';
import { PresenceBar } from './presence-bar.js';
import type { ReferenceData } from './reference-data.js';
import { ReplyComposer, type ReplyComposerHandle } from './reply-composer.js';
import { SlaBadge } from './sla-badge.js';

export interface ConversationViewHandle {
  compose(mode: 'reply' | 'note'): void;
  resolve(): Promise<void>;
  presence(event: { conversationId: number; viewers: Viewer[] }): void;
}

interface Props {
  conversationId: number;
  /** Bumped by live events about this conversation: reload it. */
  version: number;
  user: SessionUser;
  reference: ReferenceData;
  onChanged(): void;
  onOpen(id: number): void;
  /** The contact's name once the conversation is read (the page title names it). */
  onLoaded(name: string): void;
  /** On a phone list, conversation and contact are screens of their own, with back buttons. */
  screens: {
    back(): void;
    contact: boolean;
    showContact(): void;
    hideContact(): void;
  };
  ref?: Ref<ConversationViewHandle>;
}

const heartbeatMilliseconds = 10_000;

export function ConversationView(props: Props) {
  const { conversationId, version, user } = props;
  const path = { id: conversationId };
  const detailQuery = useApiQuery('/api/v1/conversations/{id}', { path }, version);
  const outbox = useApiQuery('/api/v1/conversations/{id}/deliveries', { path }, version);
  const detail = detailQuery.data;
  const error = (detailQuery.error ?? outbox.error)?.message ?? null;
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState(false);
  const composerRef = useRef<ReplyComposerHandle>(null);
  const threadEnd = useRef<HTMLLIElement>(null);

  const reloadDetail = detailQuery.reload;
  const reloadOutbox = outbox.reload;
  const load = useCallback(() => {
    reloadDetail();
    reloadOutbox();
  }, [reloadDetail, reloadOutbox]);

  const name = detail ? contactName(detail.conversation) : null;
  const onLoaded = props.onLoaded;
  useEffect(() => {
    if (name !== null) onLoaded(name);
  }, [name, onLoaded]);

  const messageCount = detail?.messages.length ?? 0;
  useEffect(() => {
    threadEnd.current?.scrollIntoView({ block: 'end' });
  }, [messageCount]);

  // Presence: a heartbeat while the conversation is open, at once when typing starts or stops,
  // and a goodbye when it closes.
  useEffect(() => {
    const state = typing ? 'typing' : 'viewing';
    const beat = () =>
      api('put', '/api/v1/conversations/{id}/presence', {
        path: { id: conversationId },
        body: { state },
      })
        .then((answer) => setViewers(answer.viewers))
        .catch(() => undefined);
    void beat();
    const timer = window.setInterval(beat, heartbeatMilliseconds);
    return () => window.clearInterval(timer);
  }, [conversationId, typing]);
  useEffect(
    () => () => {
      void api('delete', '/api/v1/conversations/{id}/presence', {
        path: { id: conversationId },
      }).catch(() => undefined);
    },
    [conversationId],
  );

  const change = useCallback(
    async (changes: ConversationChanges) => {
      await api('patch', '/api/v1/conversations/{id}', {
        path: { id: conversationId },
        body: changes,
      });
      reloadDetail();
      props.onChanged();
    },
    [conversationId, reloadDetail, props.onChanged],
  );

  useImperativeHandle(
    props.ref,
    () => ({
      compose: (mode) => composerRef.current?.focus(mode),
      resolve: () => change({ status: 'resolved' }),
      presence: (event) => {
        if (event.conversationId === conversationId) setViewers(event.viewers);
      },
    }),
    [change, conversationId],
  );

  if (error) {
    return (
      <section className="conversation" aria-label="Conversation">
        <p className="list-empty" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="conversation" aria-label="Conversation" aria-busy="true">
        <p className="loading">Loading…</p>
      </section>
    );
  }
  const conversation = detail.conversation;
  const lastMessageId = detail.messages.at(-1)?.id ?? 0;
  const deliveryOf = new Map(
    (outbox.data?.data ?? []).map((delivery) => [delivery.message_id, delivery]),
  );
  const others = viewers.filter((viewer) => viewer.user_id !== user.id);

  return (
    <>
      <section
        className="conversation"
        aria-label={`Conversation with ${contactName(conversation)}`}
      >
        <header className="conversation-header">
          <div className="screen-nav">
            <button type="button" className="back-button" onClick={props.screens.back}>
              ← Conversations
            </button>
            <button type="button" className="contact-button" onClick={props.screens.showContact}>
              Contact
            </button>
          </div>
          <div className="conversation-title">
            <h1 dir="auto">{contactName(conversation)}</h1>
            <span className="subtitle">
              #{conversation.id} · {conversation.channel} · {conversation.channel_account.handle}
            </span>
            <span className={`status-pill status-${conversation.status}`} data-testid="status">
              {conversation.status}
            </span>
            <span data-testid="answer-state">
              {conversation.last_outbound_at &&
              (!conversation.last_inbound_at ||
                conversation.last_outbound_at >= conversation.last_inbound_at) ? (
                <span className="answered">answered</span>
              ) : (
                <span className="waiting">awaiting reply</span>
              )}
            </span>
            <span data-testid="sla-state">
              <SlaBadge conversation={conversation} />
            </span>
            <PriorityWithReason conversation={conversation} />
            <BypassNote conversation={conversation} onOpen={props.onOpen} />
          </div>
          <MoodTrajectory trajectory={detail.sentiment_trajectory} />
          <PresenceBar viewers={others} />
          <ConversationActions
            conversation={conversation}
            user={user}
            reference={props.reference}
            onChange={change}
            onLabelsChanged={() => {
              load();
              props.onChanged();
            }}
          />
        </header>
        <ol className="thread" aria-label="Messages">
          {detail.messages.map((message) => {
            const delivery = deliveryOf.get(message.id);
            const kind = message.private_note ? 'note' : message.direction;
            return (
              <li
                key={message.id}
                className={`message message-${kind}`}
                data-message-id={message.id}
              >
                <div className="message-head">
                  <span className="author" dir="auto">
                    {message.author.name ?? message.author.handle ?? 'Unknown'}
                    {message.author.handle && message.direction === 'inbound' && (
                      <span className="handle"> @{message.author.handle}</span>
                    )}
                  </span>
                  <span className="message-meta">
                    {message.private_note ? 'internal note' : message.channel}
                    {' · '}
                    <time dateTime={message.created_at} title={fullTime(message.created_at)}>
                      {shortTime(message.created_at)}
                    </time>
                    {delivery && (
                      <span
                        className={`delivery delivery-${delivery.status}`}
                        title={
                          delivery.status === 'queued'
                            ? (delivery.last_error ??
                              'In the outbox: waiting for its turn or for a channel connection')
                            : (delivery.last_error ?? delivery.status)
                        }
                      >
                        {' · '}
                        {delivery.status}
                      </span>
                    )}
                  </span>
                </div>
                {/* Customer text is untrusted: rendered as text, never as HTML. */}
                <p className="message-text" dir="auto">
                  {message.text}
                </p>
                {delivery?.status === 'failed' && (
                  <DeliveryFailure
                    conversationId={conversationId}
                    messageId={message.id}
                    reason={delivery.last_error}
                    onRetried={load}
                    onEdit={() => composerRef.current?.edit(message.text)}
                  />
                )}
                {message.direction === 'inbound' &&
                  !message.private_note &&
                  message.classification && (
                    <MessageBadges
                      messageId={message.id}
                      classification={message.classification}
                      modelLabels={props.reference.modelLabels}
                      onCorrected={() => {
                        // The trajectory and the list's mood marker read the corrected label.
                        load();
                        props.onChanged();
                      }}
                    />
                  )}
                {message.direction === 'inbound' &&
                  !message.private_note &&
                  user.permissions.includes('feedback:write') && (
                    <LinkToDecision
                      messageId={message.id}
                      canCreate={user.permissions.includes('ledger:write')}
                    />
                  )}
              </li>
            );
          })}
          <li className="thread-end" aria-hidden="true" ref={threadEnd} />
        </ol>
        <ReplyComposer
          ref={composerRef}
          conversationId={conversationId}
          lastMessageId={lastMessageId}
          cannedReplies={props.reference.cannedReplies}
          othersTyping={others.filter((viewer) => viewer.state === 'typing')}
          onTypingChange={setTyping}
          onSent={() => {
            load();
            props.onChanged();
          }}
          onConflict={load}
        />
      </section>
      <ContactPanel detail={detail} onOpen={props.onOpen} onBack={props.screens.hideContact} />
    </>
  );
}

/** Social bypass: the customer came here while a conversation elsewhere was left unresolved. */
function BypassNote({
  conversation,
  onOpen,
}: {
  conversation: ConversationDetail['conversation'];
  onOpen(id: number): void;
}) {
  const bypass = conversation.bypass;
  if (!bypass) return null;
  return (
    <span className="bypass-note" data-testid="bypass">
      <span className="bypass-badge">bypass</span> unresolved on {bypass.earlier_channel} for{' '}
      {duration(bypass.earlier_age_seconds * 1000)}:{' '}
      <button type="button" className="link" onClick={() => onOpen(bypass.earlier_conversation_id)}>
        conversation #{bypass.earlier_conversation_id}
      </button>
    </span>
  );
}

/** "Why is this urgent?": the priority with the reason the pipeline raised it, if it did. */
function PriorityWithReason({
  conversation,
}: {
  conversation: ConversationDetail['conversation'];
}) {
  if (conversation.priority === 'normal' && !conversation.priority_reason) return null;
  return (
    <span className="priority-with-reason" data-testid="priority">
      <span className={`priority priority-${conversation.priority}`}>{conversation.priority}</span>
      {conversation.priority_reason && (
        <span className="priority-reason" data-testid="priority-reason">
          why {conversation.priority}? {conversation.priority_reason}
        </span>
      )}
    </span>
  );
}
