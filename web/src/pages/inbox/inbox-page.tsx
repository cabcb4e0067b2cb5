import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveEvent, SessionUser } from '../../api/contract.js';
import { useLiveEvents } from '../../api/use-live-events.js';
import { back, navigate, useAppLocation, useDocumentTitle } from '../../app-route.js';
import { AppNav } from '../../components/app-nav.js';
import { AvailabilitySwitch } from '../../components/availability-switch.js';
import { ConversationList } from './conversation-list.js';
import { ConversationView, type ConversationViewHandle } from './conversation-view.js';
import { emptyFilters, type Filters, inboxViews, listQueries } from './inbox-filters.js';
import { type InboxLocation, inboxUrl, parseInboxLocation } from './inbox-location.js';
import { InboxSidebar } from './inbox-sidebar.js';
import { KeyboardHelp } from './keyboard-help.js';
import { useReferenceData } from './reference-data.js';
import { useConversationPages } from './use-conversation-pages.js';

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
  const location = useAppLocation();
  const here = useMemo(
    () => parseInboxLocation(location.pathname, location.search),
    [location.pathname, location.search],
  );
  const { view, filters, openId } = here;
  const [search, setSearch] = useState(filters.q);
  const reference = useReferenceData();
  const [selectedIndex, setSelectedIndex] = useState(0);
  const [openName, setOpenName] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [detailVersion, setDetailVersion] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const listPaneRef = useRef<HTMLElement>(null);
  const viewRef = useRef<ConversationViewHandle>(null);
  const refreshTimer = useRef<number | null>(null);

  // Every change of view, filter, search or conversation is a URL (Back undoes it).
  const hereRef = useRef(here);
  hereRef.current = here;
  const go = useCallback((change: Partial<InboxLocation>, options?: { replace?: boolean }) => {
    navigate(inboxUrl({ ...hereRef.current, ...change }), options);
  }, []);

  // The search box follows the URL (Back to an earlier search, a link with ?q=).
  useEffect(() => setSearch(filters.q), [filters.q]);

  const listTitle = `${inboxViews.find((item) => item.id === view)?.label ?? 'Inbox'}${
    filters.q ? ` – search “${filters.q}”` : ''
  }`;
  useDocumentTitle(openId !== null && openName ? `${openName} · Inbox` : `${listTitle} · Inbox`);

  const queries = useMemo(() => listQueries(view, filters, user), [view, filters, user]);

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

  const open = useCallback(
    (id: number | null) => {
      if (id !== hereRef.current.openId) setOpenName(null);
      go({ openId: id, contact: false });
    },
    [go],
  );

  // Another list starts at its first row, and a new search shows its results from the top.
  const listKey = JSON.stringify([view, filters]);
  const shownListKey = useRef(listKey);
  useEffect(() => {
    if (shownListKey.current === listKey) return;
    shownListKey.current = listKey;
    setSelectedIndex(0);
    listPaneRef.current?.querySelector('.conversation-list')?.scrollTo({ top: 0 });
  }, [listKey]);

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
    go({ filters: { ...hereRef.current.filters, [key]: value } });
  };

  const searchFor = (text: string) => {
    setFilter('q', text.trim());
    // The results, from the top: the list heading says what was found.
    window.requestAnimationFrame(() => listPaneRef.current?.querySelector('h2')?.focus());
  };

  return (
    <div
      className="inbox"
      data-screen={openId === null ? 'list' : here.contact ? 'contact' : 'conversation'}
    >
      <header className="topbar">
        <div className="brand">Hearken</div>
        <AppNav user={user} current="inbox" />
        <search className="search">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              searchFor(search);
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
                if (event.target.value === '' && filters.q) setFilter('q', '');
              }}
            />
          </form>
        </search>
        <output className={`live-indicator ${live ? 'on' : 'off'}`}>
          {live ? 'Live' : 'Reconnecting…'}
        </output>
        <button type="button" className="link shortcuts-button" onClick={() => setHelpOpen(true)}>
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
      <InboxSidebar
        view={view}
        filters={filters}
        reference={reference}
        onView={(next) => go({ view: next })}
        onFilter={setFilter}
      />
      <section className="list-pane" aria-label="Conversation list" ref={listPaneRef}>
        <div className="list-heading">
          <h2 tabIndex={-1}>{inboxViews.find((item) => item.id === view)?.label}</h2>
          <span className="count">
            {loading ? '…' : `${conversations.length}${hasMore ? '+' : ''}`}
          </span>
          {filters.q && (
            <button
              type="button"
              className="chip"
              aria-label={`Clear the search for “${filters.q}”`}
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
          search={filters.q}
          filtered={
            JSON.stringify({ ...filters, q: '', sort: '' }) !==
            JSON.stringify({ ...emptyFilters, q: '', sort: '' })
          }
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
          onLoaded={setOpenName}
          screens={{
            back: () => back(inboxUrl({ ...here, openId: null, contact: false })),
            contact: here.contact,
            showContact: () => go({ contact: true }),
            hideContact: () => back(inboxUrl({ ...here, contact: false })),
          }}
        />
      )}
      {helpOpen && <KeyboardHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
