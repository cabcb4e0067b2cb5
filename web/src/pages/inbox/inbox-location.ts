import { emptyFilters, type Filters, type InboxView, inboxViews } from './inbox-filters.js';

/**
 * Everything the inbox shows, as the URL holds it: reload, Back and a link sent to a colleague
 * open the same view, filters, sort, search and conversation.
 *   /                                  the list (the "All" view, open conversations)
 *   /?view=mine&status=any&q=refund    a view with its filters; defaults are left out
 *   /conversations/12                  a conversation (with the list as it was)
 *   /conversations/12/contact          its contact (a screen of its own on a phone)
 */
export interface InboxLocation {
  view: InboxView;
  filters: Filters;
  openId: number | null;
  /** The contact screen of the open conversation (phones; wide screens show it beside). */
  contact: boolean;
}

export const defaultView: InboxView = 'all';

/** URL parameter of each filter. */
const parameters: [keyof Filters, string][] = [
  ['status', 'status'],
  ['teamId', 'team'],
  ['channelAccountId', 'account'],
  ['priority', 'priority'],
  ['labelId', 'label'],
  ['mood', 'mood'],
  ['sort', 'sort'],
  ['q', 'q'],
];

/** The empty status ("any") has to be said in the URL, since no status means "open". */
const anyStatus = 'any';

/** True for the paths the inbox answers; everything else is another page or not found. */
export function isInboxPath(pathname: string): boolean {
  return pathname === '/' || /^\/conversations\/\d+(\/contact)?\/?$/.test(pathname);
}

export function parseInboxLocation(pathname: string, search: string): InboxLocation {
  const params = new URLSearchParams(search);
  const viewParam = params.get('view');
  const view = inboxViews.find((item) => item.id === viewParam)?.id ?? defaultView;
  const filters: Filters = { ...emptyFilters };
  for (const [key, name] of parameters) {
    const value = params.get(name);
    if (value === null) continue;
    filters[key] = key === 'status' && value === anyStatus ? '' : value;
  }
  const match = /^\/conversations\/(\d+)(\/contact)?/.exec(pathname);
  return {
    view,
    filters,
    openId: match ? Number(match[1]) : null,
    contact: !!match?.[2],
  };
}

export function inboxUrl(location: InboxLocation): string {
  const params = new URLSearchParams();
  if (location.view !== defaultView) params.set('view', location.view);
  for (const [key, name] of parameters) {
    const value = location.filters[key];
    if (value === emptyFilters[key]) continue;
    params.set(name, key === 'status' && value === '' ? anyStatus : value);
  }
  const path =
    location.openId === null
      ? '/'
      : `/conversations/${location.openId}${location.contact ? '/contact' : ''}`;
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
