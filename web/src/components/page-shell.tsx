import type { ReactNode } from 'react';
import type { SessionUser } from '../api/contract.js';
import { type AppPage, useDocumentTitle } from '../app-route.js';
import { AppNav } from './app-nav.js';
import { AvailabilitySwitch } from './availability-switch.js';

/** The frame of the pages beside the inbox: the same top bar, then one scrolling column. */
export function PageShell(props: {
  user: SessionUser;
  page: AppPage;
  title: string;
  onSignOut(): void;
  /** The permission the page's data needs, and what to say instead of it to everyone else. */
  requires?: { permission: string; otherwise: string };
  children: ReactNode;
}) {
  const { requires } = props;
  useDocumentTitle(props.title);
  const allowed = !requires || props.user.permissions.includes(requires.permission);
  return (
    <div className="page">
      <header className="topbar">
        <div className="brand">Hearken</div>
        <AppNav user={props.user} current={props.page} />
        <AvailabilitySwitch user={props.user} />
        <span className="me" title="Signed in as">
          {props.user.name}
        </span>
        <button type="button" className="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main className="page-body" aria-label={props.title}>
        <h1 className="page-title">{props.title}</h1>
        {allowed ? props.children : <p className="not-available">{requires?.otherwise}</p>}
      </main>
    </div>
  );
}
