import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../api/contract.js';
import { contactName, duration, isWaiting, shortTime } from '../../components/format.js';
import { LabelChip } from './label-chip.js';
import { MoodMarker } from './mood-trajectory.js';
import { SlaBadge } from './sla-badge.js';

interface Props {
  conversations: ConversationSummary[];
  loading: boolean;
  error: string | null;
  /** The search the list shows results of ('' for none): an empty list then means "no results". */
  search: string;
  /** Filters narrow the list: an empty list is then "nothing matches", not "nothing here". */
  filtered: boolean;
  selectedIndex: number;
  openId: number | null;
  onSelect(index: number): void;
  onOpen(id: number): void;
  /** Set while the server has more rows: a "Load more" button after the last one. */
  more?: { loading: boolean; error: string | null; onLoad(): void } | null;
}

/** The start of the message that matched a search, its matches marked (as text, never HTML). */
function SearchSnippet({ match }: { match: NonNullable<ConversationSummary['search_match']> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, length } of match.matches) {
    if (start < at) continue;
    parts.push(match.snippet.slice(at, start));
    parts.push(<mark key={start}>{match.snippet.slice(start, start + length)}</mark>);
    at = start + length;
  }
  parts.push(match.snippet.slice(at));
  return (
    <span className="row-preview row-snippet" dir="auto">
      {match.private_note && <span className="snippet-note">Note: </span>}
      {parts}
    </span>
  );
}

function emptyText(props: Props): string {
  if (props.search)
    return `No results for “${props.search}”${props.filtered ? ' with these filters' : ''}. Try other words, or clear the search.`;
  if (props.filtered) return 'No conversation matches these filters.';
  return 'Nothing here. New conversations appear on their own.';
}

export function ConversationList(props: Props) {
  const { conversations, selectedIndex, openId } = props;
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const row = listRef.current?.querySelectorAll('li')[selectedIndex];
    row?.scrollIntoView({ block: 'nearest' });
    // Focus follows the selection only while it is in the list (j/k elsewhere just select).
    if (listRef.current?.contains(document.activeElement)) {
      row?.querySelector<HTMLButtonElement>('.conversation-row')?.focus();
    }
  }, [selectedIndex]);

  // One tab stop for the whole list (roving tabindex): the arrows move inside it.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!(event.target as HTMLElement).classList.contains('conversation-row')) return;
    const last = conversations.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(last, selectedIndex + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, selectedIndex - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    props.onSelect(next);
  };

  if (props.error) {
    return (
      <p className="list-empty" role="alert">
        {props.error}
      </p>
    );
  }
  if (!props.loading && conversations.length === 0) {
    return (
      <p className="list-empty" data-testid="list-empty">
        {emptyText(props)}
      </p>
    );
  }
  return (
    <ul
      className="conversation-list"
      ref={listRef}
      aria-label="Conversations"
      aria-busy={props.loading}
      onKeyDown={onKeyDown}
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
              tabIndex={index === Math.min(selectedIndex, conversations.length - 1) ? 0 : -1}
              data-conversation-id={conversation.id}
              onClick={() => {
                props.onSelect(index);
                props.onOpen(conversation.id);
              }}
            >
              <span className="row-top">
                <span className="row-name" dir="auto">
                  {contactName(conversation)}
                </span>
                <time className="row-time" dateTime={conversation.last_message_at}>
                  {shortTime(conversation.last_message_at)}
                </time>
              </span>
              {conversation.search_match ? (
                <SearchSnippet match={conversation.search_match} />
              ) : (
                <span className="row-preview" dir="auto">
                  {conversation.preview}
                </span>
              )}
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
