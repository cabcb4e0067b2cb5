import type { SessionUser } from '../api/contract.js';
import { type AppPage, followLink } from '../app-route.js';

interface NavItem {
  page: AppPage;
  href: string;
  label: string;
  /** Shown only to roles that can use the page; the API enforces it anyway. */
  permission: string | null;
}

const items: NavItem[] = [
  { page: 'inbox', href: '/', label: 'Inbox', permission: null },
  { page: 'reports', href: '/reports', label: 'Reports', permission: 'reports:read' },
  { page: 'listening', href: '/listening', label: 'Listening', permission: 'listening:read' },
  {
    page: 'team-settings',
    href: '/settings/teams',
    label: 'Team settings',
    permission: 'settings:write',
  },
  { page: 'dead-jobs', href: '/admin/jobs', label: 'Dead jobs', permission: 'admin' },
  { page: 'webhooks', href: '/admin/webhooks', label: 'Webhooks', permission: 'admin' },
];

export function AppNav({ user, current }: { user: SessionUser; current: AppPage }) {
  const visible = items.filter(
    (item) => item.permission === null || user.permissions.includes(item.permission),
  );
  if (visible.length < 2) return null;
  return (
    <nav className="app-nav" aria-label="Sections">
      {visible.map((item) => (
        <a
          key={item.page}
          href={item.href}
          onClick={followLink}
          aria-current={item.page === current ? 'page' : undefined}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}
