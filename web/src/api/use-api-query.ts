import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type ApiAnswer,
  ApiError,
  type ApiPath,
  type ApiRequest,
  apiUrl,
  failureText,
  getUrl,
} from './api-client.js';

export interface Query<T> {
  /** The latest answer; while a newer one is on its way it stays, marked as loading. */
  data: T | null;
  loading: boolean;
  error: ApiError | null;
  /** Asks again; the answer replaces the one on screen. */
  reload(): void;
}

interface Settled<T> {
  key: string;
  data: T | null;
  error: ApiError | null;
}

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, 'network', failureText(error, 'No answer'));

/**
 * The app's one way of reading data: runs `load` for `key`, and again whenever the key changes
 * or `reload` is called. Only the answer to the latest request is kept: a late answer to an older
 * key (quick filter changes, a reload overtaking a slow request) is dropped, so it can never
 * overwrite a newer one. A null key loads nothing.
 */
export function useQuery<T>(key: string | null, load: () => Promise<T>): Query<T> {
  const [reloads, setReloads] = useState(0);
  const current = key === null ? null : `${key}#${reloads}`;
  const [settled, setSettled] = useState<Settled<T>>({ key: '', data: null, error: null });
  // `load` is a new function at every render; the key says when it asks something else.
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (current === null) return;
    let latest = true;
    loader.current().then(
      (data) => latest && setSettled({ key: current, data, error: null }),
      (error: unknown) =>
        latest && setSettled({ key: current, data: null, error: asApiError(error) }),
    );
    return () => {
      latest = false;
    };
  }, [current]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  if (current === null) return { data: null, loading: false, error: null, reload };
  return { data: settled.data, error: settled.error, loading: settled.key !== current, reload };
}

/**
 * `useQuery` of one GET of the contract, e.g. `useApiQuery('/api/v1/teams')`; a null path skips
 * it, and a new `version` (a live event about the data, say) asks again.
 */
export function useApiQuery<P extends ApiPath>(
  path: P | null,
  request?: ApiRequest<P>,
  version: string | number = 0,
): Query<ApiAnswer<P>> {
  const url = path === null ? null : apiUrl(path, request as Parameters<typeof apiUrl>[1]);
  return useQuery(url === null ? null : `${url}#${version}`, () =>
    getUrl<ApiAnswer<P>>(url as string),
  );
}
