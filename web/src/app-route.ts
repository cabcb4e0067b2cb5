import { type MouseEvent, useEffect, useState } from 'react';
import { isInboxPath } from './pages/inbox/inbox-location.js';

/** The app's screens; a path that is none of them shows "not found". */
export type AppPage =
  | 'inbox'
  | 'reports'
  | 'listening'
  | 'team-settings'
  | 'dead-jobs'
  | 'webhooks'
  | 'channels'
  | 'ledger'
  | 'not-found'
  | AdminPage
  | PeoplePage
  | 'my-consultations'
  | 'profile'
  | 'not-allowed'
  | 'set-password'
  | 'withdraw-consent'
  | 'join';

/** The people administration (attributes, imports, partners, panels), each at /people/<name>. */
export const peoplePages = {
  'people-attributes': '/people/attributes',
  'people-import': '/people/import',
  'people-partners': '/people/partners',
  'people-panels': '/people/panels',
} as const;
export type PeoplePage = keyof typeof peoplePages;

export const peopleTabs: { page: PeoplePage; label: string }[] = [
  { page: 'people-attributes', label: 'Attributes' },
  { page: 'people-import', label: 'Import' },
  { page: 'people-partners', label: 'Partners' },
  { page: 'people-panels', label: 'Panels' },
];

/** The administration screens, each at /admin/<name>. */
export const adminPages = {
  'admin-users': '/admin/users',
  'admin-teams': '/admin/teams',
  'admin-tokens': '/admin/tokens',
  'admin-labels': '/admin/labels',
  'admin-canned-replies': '/admin/canned-replies',
  'admin-audit': '/admin/audit',
  'admin-organisation': '/admin/organisation',
} as const;
export type AdminPage = keyof typeof adminPages;

/** The administration tabs in their order, with the permission each needs. */
export const adminTabs: { page: AdminPage; label: string; permission: string }[] = [
  { page: 'admin-users', label: 'Users', permission: 'admin' },
  { page: 'admin-teams', label: 'Teams', permission: 'routing:manage' },
  { page: 'admin-labels', label: 'Labels', permission: 'inbox:manage' },
  { page: 'admin-canned-replies', label: 'Canned replies', permission: 'inbox:manage' },
  { page: 'admin-tokens', label: 'API tokens', permission: 'admin' },
  { page: 'admin-audit', label: 'Audit log', permission: 'audit:read' },
  { page: 'admin-organisation', label: 'Organisation', permission: 'admin' },
];

function pageOf(pathname: string): AppPage {
  if (isInboxPath(pathname)) return 'inbox';
  if (pathname === '/reports' || pathname.startsWith('/reports/')) return 'reports';
  if (pathname === '/listening' || pathname.startsWith('/listening/')) return 'listening';
  if (pathname === '/settings/teams' || pathname.startsWith('/settings/teams/')) {
    return 'team-settings';
  }
  if (pathname === '/admin/jobs') return 'dead-jobs';
  if (pathname === '/admin/webhooks') return 'webhooks';
  if (pathname === '/admin/channels') return 'channels';
  if (pathname === '/ledger' || /^\/ledger\/\d+$/.test(pathname)) return 'ledger';
  if (pathname === '/set-password') return 'set-password';
  if (pathname === '/join') return 'join';
  if (pathname === '/withdraw-consent') return 'withdraw-consent';
  if (pathname === '/me') return 'my-consultations';
  if (pathname === '/me/profile') return 'profile';
  for (const [page, path] of Object.entries(peoplePages)) {
    if (pathname === path) return page as PeoplePage;
  }
  for (const [page, path] of Object.entries(adminPages)) {
    if (pathname === path) return page as AdminPage;
  }
  return 'not-found';
}

const changed = 'hearken:navigate';

/**
 * Client-side navigation: the server answers every app path with index.html, so reload works.
 * `replace` changes the URL without a history entry (typing in a box should not fill Back).
 */
export function navigate(path: string, { replace = false } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  const from = window.location.pathname + window.location.search;
  if (replace) window.history.replaceState(window.history.state, '', path);
  else window.history.pushState({ from }, '', path);
  window.dispatchEvent(new Event(changed));
}

/**
 * A screen's own back button (phones): the browser's Back when it leads to `path`, so the two
 * agree; else (a link opened straight into a conversation) `path` in place of this one.
 */
export function back(path: string): void {
  const state = window.history.state as { from?: string } | null;
  if (state?.from === path) window.history.back();
  else navigate(path, { replace: true });
}

/** For `<a href>` links: plain clicks stay in the app; new-tab clicks keep the browser's way. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

/** The URL's path and query, kept current through links, `navigate` and Back/Forward. */
export function useAppLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () =>
      setLocation((before) => {
        const now = read();
        return now.pathname === before.pathname && now.search === before.search ? before : now;
      });
    window.addEventListener('popstate', update);
    window.addEventListener(changed, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changed, update);
    };
  }, []);
  return location;
}

export function useAppPage(): AppPage {
  return pageOf(useAppLocation().pathname);
}

/** The browser tab's title: what is on screen first, then the product. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Hearken` : 'Hearken';
  }, [title]);
}
