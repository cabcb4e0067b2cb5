import { type MouseEvent, useEffect, useState } from 'react';

/** The app's screens; everything that is not one of the others is the inbox (/, /conversations/12). */
export type AppPage =
  | 'inbox'
  | 'reports'
  | 'listening'
  | 'team-settings'
  | 'dead-jobs'
  | 'webhooks';

function pageOf(pathname: string): AppPage {
  if (pathname === '/reports' || pathname.startsWith('/reports/')) return 'reports';
  if (pathname === '/listening' || pathname.startsWith('/listening/')) return 'listening';
  if (pathname === '/settings/teams' || pathname.startsWith('/settings/teams/')) {
    return 'team-settings';
  }
  if (pathname === '/admin/jobs') return 'dead-jobs';
  if (pathname === '/admin/webhooks') return 'webhooks';
  return 'inbox';
}

const changed = 'hearken:navigate';

/** Client-side navigation: the server answers every app path with index.html, so reload works. */
function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(changed));
}

/** For `<a href>` links: plain clicks stay in the app; new-tab clicks keep the browser's way. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

export function useAppPage(): AppPage {
  const [page, setPage] = useState(() => pageOf(window.location.pathname));
  useEffect(() => {
    const update = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(changed, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changed, update);
    };
  }, []);
  return page;
}
