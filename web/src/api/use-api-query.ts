import { useEffect, useState } from 'react';
import { ApiError, api } from './api-client.js';

export interface ApiData<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** The route or permission does not exist on this server (404/403). */
  unavailable: boolean;
}

interface Loaded<T> extends ApiData<T> {
  key: string;
}

/**
 * GETs a URL and follows it when it changes. An answer to an older URL is dropped, so quick
 * filter changes cannot leave stale figures on screen; while the new answer is on its way the
 * old figures stay, marked as loading. `version` forces a reload.
 */
export function useApiData<T>(url: string | null, version = 0): ApiData<T> {
  const key = `${url}#${version}`;
  const [state, setState] = useState<Loaded<T>>({
    key: '',
    data: null,
    loading: true,
    error: null,
    unavailable: false,
  });
  useEffect(() => {
    if (url === null) return;
    let current = true;
    const done = (next: ApiData<T>) => {
      if (current) setState({ ...next, key: `${url}#${version}` });
    };
    api<T>('GET', url).then(
      (data) => done({ data, loading: false, error: null, unavailable: false }),
      (error: unknown) =>
        done({
          data: null,
          loading: false,
          error: error instanceof Error ? error.message : String(error),
          unavailable: error instanceof ApiError && (error.status === 404 || error.status === 403),
        }),
    );
    return () => {
      current = false;
    };
  }, [url, version]);
  if (url === null) return { data: null, loading: false, error: null, unavailable: false };
  return state.key === key ? state : { ...state, loading: true };
}
