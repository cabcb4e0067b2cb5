import type { ReactNode } from 'react';
import type { SessionUser } from '../../api/contract.js';
import { followLink, type PeoplePage, peoplePages, peopleTabs } from '../../app-route.js';
import { PageShell } from '../../components/page-shell.js';

/** The frame of the people administration: the top bar, the people tabs, then the page. */
export function PeopleShell(props: {
  user: SessionUser;
  page: PeoplePage;
  title: string;
  onSignOut(): void;
  children: ReactNode;
}) {
  return (
    <PageShell
      user={props.user}
      page={props.page}
      title={props.title}
      onSignOut={props.onSignOut}
      requires={{
        permission: 'admin',
        otherwise: 'Only administrators manage people, partners and panels.',
      }}
    >
      <nav className="admin-tabs" aria-label="People">
        {peopleTabs.map((tab) => (
          <a
            key={tab.page}
            href={peoplePages[tab.page]}
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
