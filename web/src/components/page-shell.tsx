import type { ReactNode } from 'react';
import type { SessionUser } from '../api/api-client.js';
import type { AppPage } from '../app-route.js';
import { AppNav } from './app-nav.js';

/** The frame of the pages beside the inbox: the same top bar, then one scrolling column. */
export function PageShell(props: {
  user: SessionUser;
  page: AppPage;
  title: string;
  onSignOut(): void;
  children: ReactNode;
}) {
  return (
    <div className="page">
      <header className="topbar">
        <div className="brand">Hearken</div>
        <AppNav user={props.user} current={props.page} />
        <span className="me" title="Signed in as">
          {props.user.name}
        </span>
        <button type="button" className="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main className="page-body" aria-label={props.title}>
        <h1 className="page-title">{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}

/** Shown instead of a section whose API this server does not offer (yet). */
export function NotAvailable({ what }: { what: string }) {
  return <p className="not-available">{what} is not available on this server.</p>;
}
