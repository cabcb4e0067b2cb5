import { useCallback, useRef, useState } from 'react';
import { type ApiAnswer, api } from '../../api/api-client.js';
import type { ConversationSummary } from '../../api/contract.js';
import { useQuery } from '../../api/use-api-query.js';
import type { ConversationQuery } from './inbox-filters.js';

/** Rows a "Load more" adds, and the first page of every list. */
const pageSize = 50;
/** The API's largest page; a long list is read in several. */
const largestPage = 200;

interface ListRead {
  conversations: ConversationSummary[];
  /** The server has rows after these. */
  hasMore: boolean;
}

interface ConversationPages extends ListRead {
  /** The first rows for these queries are on their way. */
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMoreError: string | null;
  /** Reads again every row on screen (live updates). */
  refresh(): void;
  loadMore(): void;
}

/** Up to `wanted` rows of a query from its first on, in pages the API accepts. */
async function readRows(query: ConversationQuery, wanted: number) {
  const rows: ConversationSummary[] = [];
  let cursor: string | null = null;
  do {
    const limit = Math.min(largestPage, wanted - rows.length);
    const page: ApiAnswer<'/api/v1/conversations'> = await api('get', '/api/v1/conversations', {
      query: { ...query, limit, cursor: cursor ?? undefined },
    });
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null && rows.length < wanted);
  return { rows, more: cursor !== null };
}

/** Several lists ("my teams" asks once per team) merge newest first; a row shows only once. */
async function readList(queries: ConversationQuery[], wanted: number): Promise<ListRead> {
  const results = await Promise.all(queries.map((query) => readRows(query, wanted)));
  const seen = new Set<number>();
  const conversations = results
    .flatMap((result) => result.rows)
    .filter((row) => !seen.has(row.id) && seen.add(row.id));
  if (queries.length > 1) {
    conversations.sort((a, b) => b.last_message_at.localeCompare(a.last_message_at));
  }
  return { conversations, hasMore: results.some((result) => result.more) };
}

/** How many rows to read for these queries; `count` makes a refresh a request of its own. */
interface Reading {
  key: string;
  rows: number;
  count: number;
}

/**
 * The inbox list over the API's pages: the first page, "Load more" for the next ones, and
 * refreshes that re-read as many rows as are shown, so appended rows survive live updates. Each
 * read is a `useQuery` request, so an older read (a refresh overtaken by "Load more", or the
 * previous filters) never overwrites a newer one; other queries start again from the first page.
 */
export function useConversationPages(queries: ConversationQuery[]): ConversationPages {
  const key = JSON.stringify(queries);
  const [reading, setReading] = useState<Reading>({ key, rows: pageSize, count: 0 });
  const current = reading.key === key ? reading : { key, rows: pageSize, count: 0 };
  const list = useQuery(`${key}|${current.rows}|${current.count}`, () =>
    readList(queries, current.rows),
  );
  // What is on screen: the latest read, kept while a newer one is on its way or has failed.
  const shownRef = useRef<{ key: string; read: ListRead } | null>(null);
  if (list.data && !list.loading) shownRef.current = { key, read: list.data };
  const shown = shownRef.current?.read ?? { conversations: [], hasMore: false };
  const ours = shownRef.current?.key === key;
  const readingMore = ours && shown.hasMore && current.rows > shown.conversations.length;

  const refresh = useCallback(
    () =>
      setReading((before) => {
        const same = before.key === key ? before : { key, rows: pageSize, count: 0 };
        const onScreen = shownRef.current?.key === key ? shownRef.current.read : null;
        // A list read to its end reads a page more, so new conversations on top do not push
        // its last rows behind "Load more"; a "Load more" still on its way is not undone.
        const rows = onScreen
          ? onScreen.conversations.length + (onScreen.hasMore ? 0 : pageSize)
          : pageSize;
        return { key, rows: Math.max(same.rows, rows, pageSize), count: same.count + 1 };
      }),
    [key],
  );

  const loadMore = useCallback(
    () =>
      setReading((before) => {
        const same = before.key === key ? before : { key, rows: pageSize, count: 0 };
        const onScreen = shownRef.current?.key === key ? shownRef.current.read : null;
        const rows = (onScreen?.conversations.length ?? 0) + pageSize;
        return { ...same, rows: Math.max(same.rows, rows) };
      }),
    [key],
  );

  const failure = list.error?.message ?? null;
  return {
    ...shown,
    loading: list.loading && !ours,
    loadingMore: list.loading && readingMore,
    error: readingMore ? null : failure,
    loadMoreError: readingMore ? failure : null,
    refresh,
    loadMore,
  };
}
