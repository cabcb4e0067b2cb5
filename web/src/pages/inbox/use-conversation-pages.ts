import { useCallback, useEffect, useRef, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import type { ConversationSummary } from '../../api/contract.js';
import type { ConversationQuery } from './inbox-filters.js';

/** Rows a "Load more" adds, and the first page of every list. */
const conversationPageSize = 50;
/** The API's largest page; a refresh of a long list asks for several. */
const largestPage = 200;

/** How far one list query has been read: rows shown and the cursor of the next page. */
interface QueryProgress {
  query: ConversationQuery;
  loaded: number;
  cursor: string | null;
}

interface ConversationPages {
  conversations: ConversationSummary[];
  /** The first page for these queries is on its way. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | null;
  loadMoreError: string | null;
  /** Reads again every row on screen (live updates); resolves once the answer is shown. */
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
}

/** `wanted` rows from `cursor` on (or fewer at the end), in pages the API accepts. */
async function readRows(query: ConversationQuery, wanted: number, cursor: string | null) {
  const rows: ConversationSummary[] = [];
  let next = cursor;
  do {
    const limit = Math.min(largestPage, wanted - rows.length);
    const answer = await api('get', '/api/v1/conversations', {
      query: { ...query, limit, cursor: next ?? undefined },
    });
    rows.push(...answer.data);
    next = answer.next_cursor;
  } while (next !== null && rows.length < wanted);
  return { rows, cursor: next };
}

/**
 * A refresh reads as many rows as are shown, so appended pages stay; a list read to its end
 * reads a page more, so new conversations on top do not push its last rows behind "Load more".
 */
function rowsToRead(item: QueryProgress): number {
  return Math.max(
    conversationPageSize,
    item.loaded + (item.cursor === null ? conversationPageSize : 0),
  );
}

/** Several lists ("my teams" asks once per team) merge newest first; a row shows only once. */
function merge(lists: ConversationSummary[][], several: boolean): ConversationSummary[] {
  const seen = new Set<number>();
  const merged = lists.flat().filter((row) => !seen.has(row.id) && seen.add(row.id));
  if (several) merged.sort((a, b) => b.last_message_at.localeCompare(a.last_message_at));
  return merged;
}

/**
 * The inbox list over keyset (or offset) pages: the first page, "Load more" for the next ones,
 * and refreshes that re-read as many rows as are shown, so appended rows survive live updates.
 * Reads run one after another, so a refresh never overwrites rows a "Load more" just added;
 * new queries (other filters) start again from the first page.
 */
export function useConversationPages(queries: ConversationQuery[]): ConversationPages {
  const [conversations, setConversations] = useState<ConversationSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const progress = useRef<{ key: string; queries: QueryProgress[] }>({ key: '', queries: [] });
  const key = JSON.stringify(queries);
  const latestKey = useRef(key);
  latestKey.current = key;

  const enqueue = useCallback((task: () => Promise<void>) => {
    // A task reports its own failures; the catch only keeps one bug from stopping every read.
    chain.current = chain.current.then(task).catch(() => undefined);
    return chain.current;
  }, []);

  const refresh = useCallback(
    () =>
      enqueue(async () => {
        if (latestKey.current !== key) return; // other filters now; their refresh is queued
        const known =
          progress.current.key === key
            ? progress.current.queries
            : queries.map((query): QueryProgress => ({ query, loaded: 0, cursor: null }));
        try {
          const results = await Promise.all(
            known.map((item) => readRows(item.query, rowsToRead(item), null)),
          );
          if (latestKey.current !== key) return;
          const next = known.map((item, index) => ({
            query: item.query,
            loaded: results[index]?.rows.length ?? 0,
            cursor: results[index]?.cursor ?? null,
          }));
          progress.current = { key, queries: next };
          setConversations(
            merge(
              results.map((result) => result.rows),
              queries.length > 1,
            ),
          );
          setHasMore(next.some((item) => item.cursor !== null));
          setError(null);
          setLoadMoreError(null);
        } catch (caught) {
          if (latestKey.current === key)
            setError(failureText(caught, 'Could not load conversations'));
        } finally {
          if (latestKey.current === key) setLoading(false);
        }
      }),
    [enqueue, key, queries],
  );

  const loadMore = useCallback(() => {
    setLoadingMore(true);
    setLoadMoreError(null);
    return enqueue(async () => {
      try {
        if (latestKey.current !== key || progress.current.key !== key) return;
        const known = progress.current.queries;
        const results = await Promise.all(
          known.map((item) =>
            item.cursor === null ? null : readRows(item.query, conversationPageSize, item.cursor),
          ),
        );
        if (latestKey.current !== key) return;
        const next = known.map((item, index) => {
          const result = results[index];
          return result
            ? { query: item.query, loaded: item.loaded + result.rows.length, cursor: result.cursor }
            : item;
        });
        progress.current = { key, queries: next };
        setConversations((shown) =>
          merge([shown, ...results.map((result) => result?.rows ?? [])], queries.length > 1),
        );
        setHasMore(next.some((item) => item.cursor !== null));
      } catch (caught) {
        if (latestKey.current === key)
          setLoadMoreError(failureText(caught, 'Could not load more conversations'));
      } finally {
        setLoadingMore(false);
      }
    });
  }, [enqueue, key, queries]);

  useEffect(() => {
    setLoading(true);
    void refresh();
  }, [refresh]);

  return {
    conversations,
    loading,
    loadingMore,
    hasMore,
    error,
    loadMoreError,
    refresh,
    loadMore,
  };
}
