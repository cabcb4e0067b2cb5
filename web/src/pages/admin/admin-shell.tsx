import type { ReactNode } from 'react';
import type { SessionUser } from '../../api/contract.js';
import { type AdminPage, adminPages, adminTabs, followLink } from '../../app-route.js';
import { allowed } from '../../components/app-nav.js';
import { PageShell } from '../../components/page-shell.js';

/**
 * The frame of the administration pages: the app's top bar, then tabs for the screens this
 * user's role may use, and the page. The permission check here is for clarity only: the API
 * refuses whatever the role may not do.
 */
export function AdminShell(props: {
  user: SessionUser;
  page: AdminPage;
  title: string;
  permission: string;
  onSignOut(): void;
  children: ReactNode;
}) {
  const visible = adminTabs.filter((tab) => allowed(props.user, tab.permission));
  return (
    <PageShell
      user={props.user}
      page={props.page}
      title={props.title}
      onSignOut={props.onSignOut}
      requires={{
        permission: props.permission,
        otherwise: `You don't have access to ${props.title.toLowerCase()}: ask an administrator.`,
      }}
    >
      <nav className="admin-tabs" aria-label="Administration">
        {visible.map((tab) => (
          <a
            key={tab.page}
            href={adminPages[tab.page]}
            onClick={followLink}
            aria-current={tab.page === props.page ? 'page' : undefined}
          >
            {tab.label}
          </a>
        ))}
      </nav>
      {props.children}
    </PageShell>
  );
}
