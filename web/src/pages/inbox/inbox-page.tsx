import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveEvent, SessionUser } from '../../api/contract.js';
import { useLiveEvents } from '../../api/use-live-events.js';
import { AppNav } from '../../components/app-nav.js';
import { AvailabilitySwitch } from '../../components/availability-switch.js';
import { FilterSelect } from '../../components/filter-select.js';
import { accountName } from '../../components/format.js';
import { ConversationList } from './conversation-list.js';
import { ConversationView, type ConversationViewHandle } from './conversation-view.js';
import {
  emptyFilters,
  type Filters,
  type InboxView,
  inboxViews,
  listQueries,
} from './inbox-filters.js';
import { KeyboardHelp } from './keyboard-help.js';
import { useReferenceData } from './reference-data.js';
import { useConversationPages } from './use-conversation-pages.js';

function conversationIdFromLocation(): number | null {
  const match = /^\/conversations\/(\d+)/.exec(window.location.pathname);
  return match ? Number(match[1]) : null;
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return (
    !!element &&
    (element.tagName === 'INPUT' ||
      element.tagName === 'TEXTAREA' ||
      element.tagName === 'SELECT' ||
      element.isContentEditable)
  );
}

export function InboxPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [view, setView] = useState<InboxView>('all');
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [search, setSearch] = useState('');
  const reference = useReferenceData(user);
  const [selectedIndex, setSelectedIndex] = useState(0);
  const [openId, setOpenId] = useState<number | null>(conversationIdFromLocation);
  const [helpOpen, setHelpOpen] = useState(false);
  const [detailVersion, setDetailVersion] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const viewRef = useRef<ConversationViewHandle>(null);
  const refreshTimer = useRef<number | null>(null);

  const queries = useMemo(
    () => listQueries(view, filters, user, reference.myTeamIds),
    [view, filters, user, reference.myTeamIds],
  );

  // Other filters start again from the first page; "Load more" appends the next ones.
  const list = useConversationPages(queries);
  const { conversations, loading, hasMore, loadingMore, loadMore } = list;
  const refreshList = list.refresh;

  // Bursts of events (an import, a busy minute) cause one list refresh, not one per event.
  const latestRefresh = useRef(refreshList);
  latestRefresh.current = refreshList;
  const scheduleRefresh = useCallback(() => {
    if (refreshTimer.current !== null) return;
    refreshTimer.current = window.setTimeout(() => {
      refreshTimer.current = null;
      latestRefresh.current();
    }, 250);
  }, []);

  const live = useLiveEvents((event: LiveEvent) => {
    if (event.type === 'presence') {
      viewRef.current?.presence(event);
      return;
    }
    if (event.type === 'ready') return;
    scheduleRefresh();
    const conversationId = 'conversationId' in event ? event.conversationId : undefined;
    if (conversationId !== undefined && conversationId === openId) {
      setDetailVersion((version) => version + 1);
    }
  });

  const open = useCallback((id: number | null) => {
    setOpenId(id);
    window.history.replaceState(null, '', id === null ? '/' : `/conversations/${id}`);
  }, []);

  // The shortcuts read the state of the latest render through a ref, set while rendering: a
  // listener re-registered by an effect would, for a moment after new rows are on screen,
  // still see the old list (a j pressed then would stop at the old last row).
  const keyState = useRef({ conversations, selectedIndex, openId, helpOpen, hasMore, loadingMore });
  keyState.current = { conversations, selectedIndex, openId, helpOpen, hasMore, loadingMore };
  const latestLoadMore = useRef(loadMore);
  latestLoadMore.current = loadMore;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const { conversations, selectedIndex, openId, helpOpen, hasMore, loadingMore } =
        keyState.current;
      if (event.key === 'Escape') {
        if (helpOpen) setHelpOpen(false);
        else if (isTyping(event.target)) (event.target as HTMLElement).blur();
        return;
      }
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const move = (delta: number) => {
        event.preventDefault();
        // j on the last row fetches the next page; the next j moves into it.
        if (delta > 0 && selectedIndex >= conversations.length - 1 && hasMore && !loadingMore) {
          latestLoadMore.current();
        }
        setSelectedIndex((index) =>
          Math.max(0, Math.min(keyState.current.conversations.length - 1, index + delta)),
        );
      };
      switch (event.key) {
        case 'j':
          return move(1);
        case 'k':
          return move(-1);
        case 'Enter': {
          const selected = conversations[selectedIndex];
          if (selected) {
            event.preventDefault();
            open(selected.id);
          }
          return;
        }
        case '/':
          event.preventDefault();
          searchRef.current?.focus();
          return;
        case '?':
          event.preventDefault();
          setHelpOpen((shown) => !shown);
          return;
        case 'r':
        case 'n':
          if (openId !== null) {
            event.preventDefault();
            viewRef.current?.compose(event.key === 'r' ? 'reply' : 'note');
          }
          return;
        case 'e':
          if (openId !== null) {
            event.preventDefault();
            void viewRef.current?.resolve();
          }
          return;
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const setFilter = (key: keyof Filters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setSelectedIndex(0);
  };

  return (
    <div className="inbox">
      <header className="topbar">
        <div className="brand">Hearken</div>
        <AppNav user={user} current="inbox" />
        <search className="search">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setFilter('q', search);
            }}
          >
            <input
              ref={searchRef}
              type="search"
              aria-label="Search messages"
              placeholder="Search messages  ( / )"
              value={search}
              onChange={(event) => {
                setSearch(event.target.value);
                if (event.target.value === '') setFilter('q', '');
              }}
            />
          </form>
        </search>
        <output className={`live-indicator ${live ? 'on' : 'off'}`}>
          {live ? 'Live' : 'Reconnecting…'}
        </output>
        <button type="button" className="link" onClick={() => setHelpOpen(true)}>
          Shortcuts <kbd>?</kbd>
        </button>
        <AvailabilitySwitch user={user} />
        <span className="me" title="Signed in as">
          {user.name}
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="sidebar" aria-label="Inbox views and filters">
        <ul className="views">
          {inboxViews.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={item.id === view ? 'active' : ''}
                aria-pressed={item.id === view}
                title={item.hint}
                onClick={() => {
                  setView(item.id);
                  setSelectedIndex(0);
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        {reference.error && (
          <p className="form-error" role="alert">
            {reference.error}
          </p>
        )}
        {view === 'teams' && reference.myTeamIds.length === 0 && !filters.teamId && (
          <p className="hint">You are in no team yet; pick one below.</p>
        )}
        <div className="filters">
          <FilterSelect
            label="Status"
            value={filters.status}
            onChange={(value) => setFilter('status', value)}
            options={[
              ['', 'Any'],
              ['open', 'Open'],
              ['pending', 'Pending'],
              ['snoozed', 'Snoozed'],
              ['resolved', 'Resolved'],
            ]}
          />
          <FilterSelect
            label="Team"
            value={filters.teamId}
            onChange={(value) => setFilter('teamId', value)}
            options={[
              ['', 'Any'],
              ...reference.teams.map((team): [string, string] => [String(team.id), team.name]),
            ]}
          />
          <FilterSelect
            label="Channel account"
            value={filters.channelAccountId}
            onChange={(value) => setFilter('channelAccountId', value)}
            options={[
              ['', 'Any'],
              ...reference.channelAccounts.map((account): [string, string] => [
                String(account.id),
                accountName(account),
              ]),
            ]}
          />
          <FilterSelect
            label="Priority"
            value={filters.priority}
            onChange={(value) => setFilter('priority', value)}
            options={[
              ['', 'Any'],
              ['urgent', 'Urgent'],
              ['high', 'High'],
              ['normal', 'Normal'],
              ['low', 'Low'],
            ]}
          />
          <FilterSelect
            label="Label"
            value={filters.labelId}
            onChange={(value) => setFilter('labelId', value)}
            options={[
              ['', 'Any'],
              ...reference.labels.map((label): [string, string] => [String(label.id), label.name]),
            ]}
          />
          <FilterSelect
            label="Customer mood"
            value={filters.mood}
            onChange={(value) => setFilter('mood', value)}
            options={[
              ['', 'Any'],
              ['angry', 'Angry'],
              ['negative', 'Negative'],
              ['neutral', 'Neutral'],
              ['positive', 'Positive'],
            ]}
          />
          <FilterSelect
            label="Sort by"
            value={filters.sort}
            onChange={(value) => setFilter('sort', value)}
            options={[
              ['last_activity', 'Last activity'],
              ['sla_due', 'SLA due time'],
              ['priority', 'Priority'],
              ['waiting', 'Waiting longest'],
            ]}
          />
        </div>
      </nav>
      <section className="list-pane" aria-label="Conversation list">
        <div className="list-heading">
          <h2>{inboxViews.find((item) => item.id === view)?.label}</h2>
          <span className="count">
            {loading ? '…' : `${conversations.length}${hasMore ? '+' : ''}`}
          </span>
          {filters.q && (
            <button
              type="button"
              className="chip"
              onClick={() => {
                setSearch('');
                setFilter('q', '');
              }}
            >
              “{filters.q}” ✕
            </button>
          )}
        </div>
        <ConversationList
          conversations={conversations}
          loading={loading}
          error={list.error}
          more={
            hasMore ? { loading: loadingMore, error: list.loadMoreError, onLoad: loadMore } : null
          }
          selectedIndex={selectedIndex}
          openId={openId}
          onSelect={setSelectedIndex}
          onOpen={open}
        />
      </section>
      {openId === null ? (
        <section className="conversation-empty" aria-label="Conversation">
          <p>
            Pick a conversation, or press <kbd>j</kbd>/<kbd>k</kbd> and <kbd>Enter</kbd>.
          </p>
        </section>
      ) : (
        <ConversationView
          key={openId}
          ref={viewRef}
          conversationId={openId}
          version={detailVersion}
          user={user}
          reference={reference}
          onChanged={scheduleRefresh}
          onOpen={open}
        />
      )}
      {helpOpen && <KeyboardHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
