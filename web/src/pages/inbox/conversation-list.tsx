import { useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../api/contract.js';
import { contactName, duration, isWaiting, shortTime } from '../../components/format.js';
import { LabelChip } from './label-chip.js';
import { MoodMarker } from './mood-trajectory.js';
import { SlaBadge } from './sla-badge.js';

interface Props {
  conversations: ConversationSummary[];
  loading: boolean;
  error: string | null;
  selectedIndex: number;
  openId: number | null;
  onSelect(index: number): void;
  onOpen(id: number): void;
  /** Set while the server has more rows: a "Load more" button after the last one. */
  more?: { loading: boolean; error: string | null; onLoad(): void } | null;
}

export function ConversationList(props: Props) {
  const { conversations, selectedIndex, openId } = props;
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const row = listRef.current?.querySelectorAll('li')[selectedIndex];
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);

  if (props.error) {
    return (
      <p className="list-empty" role="alert">
        {props.error}
      </p>
    );
  }
  if (!props.loading && conversations.length === 0) {
    return <p className="list-empty">Nothing here. New conversations appear on their own.</p>;
  }
  return (
    <ul
      className="conversation-list"
      ref={listRef}
      aria-label="Conversations"
      aria-busy={props.loading}
    >
      {conversations.map((conversation, index) => {
        const waiting = isWaiting(conversation);
        const classes = [
          'conversation-row',
          index === selectedIndex ? 'selected' : '',
          conversation.id === openId ? 'open' : '',
        ].join(' ');
        return (
          <li key={conversation.id}>
            <button
              type="button"
              className={classes}
              aria-current={conversation.id === openId ? 'true' : undefined}
              data-conversation-id={conversation.id}
              onClick={() => {
                props.onSelect(index);
                props.onOpen(conversation.id);
              }}
            >
              <span className="row-top">
                <span className="row-name">{contactName(conversation)}</span>
                <time className="row-time" dateTime={conversation.last_message_at}>
                  {shortTime(conversation.last_message_at)}
                </time>
              </span>
              <span className="row-preview">{conversation.preview}</span>
              <span className="row-meta">
                <MoodMarker mood={conversation.latest_customer_sentiment} />
                <span className={`channel channel-${conversation.channel}`}>
                  {conversation.channel}
                </span>
                {conversation.bypass && (
                  <span
                    className="bypass-badge"
                    title={`Social bypass: unresolved on ${conversation.bypass.earlier_channel} for ${duration(conversation.bypass.earlier_age_seconds * 1000)}`}
                  >
                    bypass
                  </span>
                )}
                {conversation.priority !== 'normal' && (
                  <span className={`priority priority-${conversation.priority}`}>
                    {conversation.priority}
                  </span>
                )}
                {conversation.status !== 'open' && (
                  <span className={`status status-${conversation.status}`}>
                    {conversation.status}
                  </span>
                )}
                {waiting && conversation.last_inbound_at ? (
                  <span className="waiting" title="The customer is waiting for an answer">
                    waiting {duration(Date.now() - Date.parse(conversation.last_inbound_at))}
                  </span>
                ) : (
                  conversation.last_outbound_at && <span className="answered">answered</span>
                )}
                <SlaBadge conversation={conversation} compact />
                {conversation.labels.map((label) => (
                  <LabelChip key={label.id} label={label} />
                ))}
                <span className="row-assignee">
                  {conversation.assignee ? conversation.assignee.name : 'unassigned'}
                </span>
              </span>
            </button>
          </li>
        );
      })}
      {props.more && (
        <li className="list-more">
          <button type="button" onClick={props.more.onLoad} disabled={props.more.loading}>
            {props.more.loading ? 'Loading…' : 'Load more'}
          </button>
          {props.more.error && (
            <p className="form-error" role="alert">
              {props.more.error}
            </p>
          )}
        </li>
      )}
    </ul>
  );
}
