import type { SessionUser } from '../api/contract.js';
import { type AppPage, adminPages, adminTabs, followLink, peoplePages } from '../app-route.js';

interface NavItem {
  page: AppPage;
  href: string;
  label: string;
  /** Shown only to roles that can use the page (any of these); the API enforces it anyway. */
  permission: string | string[] | null;
  /** Other pages that count as this item (the administration tabs). */
  covers?: AppPage[];
}

const items: NavItem[] = [
  { page: 'inbox', href: '/', label: 'Inbox', permission: 'conversations:read' },
  { page: 'my-consultations', href: '/me', label: 'Your consultations', permission: null },
  { page: 'reports', href: '/reports', label: 'Reports', permission: 'reports:read' },
  { page: 'listening', href: '/listening', label: 'Listening', permission: 'listening:read' },
  { page: 'ledger', href: '/ledger', label: 'Ledger', permission: 'ledger:read' },
  {
    page: 'team-settings',
    href: '/settings/teams',
    label: 'Team settings',
    permission: 'settings:write',
  },
  { page: 'channels', href: '/admin/channels', label: 'Channels', permission: 'admin' },
  { page: 'dead-jobs', href: '/admin/jobs', label: 'Dead jobs', permission: 'admin' },
  {
    page: 'admin-users',
    href: '/admin/users',
    label: 'Administration',
    permission: ['admin', 'inbox:manage', 'routing:manage', 'audit:read'],
    covers: Object.keys(adminPages) as AppPage[],
  },
  { page: 'webhooks', href: '/admin/webhooks', label: 'Webhooks', permission: ['admin'] },
  {
    page: 'people-attributes',
    href: '/people/attributes',
    label: 'People',
    permission: 'admin',
    covers: Object.keys(peoplePages) as AppPage[],
  },
  { page: 'profile', href: '/me/profile', label: 'Profile', permission: null },
];

export function allowed(user: SessionUser, permission: string | string[] | null): boolean {
  if (permission === null) return true;
  const any = typeof permission === 'string' ? [permission] : permission;
  return any.some((one) => user.permissions.includes(one));
}

export function AppNav({ user, current }: { user: SessionUser; current: AppPage }) {
  const firstAdminTab = adminTabs.find((tab) => allowed(user, tab.permission));
  const visible = items
    .filter((item) => allowed(user, item.permission))
    // Administration opens at the first tab this role may use.
    .map((item) =>
      item.page === 'admin-users' && firstAdminTab
        ? { ...item, href: adminPages[firstAdminTab.page] }
        : item,
    );
  if (visible.length < 2) return null;
  // A member's nav holds only what they may use: their consultations and their profile.
  return (
    <nav className="app-nav" aria-label="Sections">
      {visible.map((item) => (
        <a
          key={item.page}
          href={item.href}
          onClick={followLink}
          aria-current={
            item.page === current || item.covers?.includes(current) ? 'page' : undefined
          }
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}
