import type { SessionUser } from '../../api/contract.js';
import { followLink } from '../../app-route.js';
import { PageShell } from '../../components/page-shell.js';

/** A page this role may not use (a member opening an inbox link): say so, show nothing of it. */
export function NotAllowedPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell user={user} page="not-allowed" title="Not allowed" onSignOut={onSignOut}>
      <p role="alert">You are not allowed to see this page. Ask an administrator if you need it.</p>
      <p>
        <a href="/me" onClick={followLink}>
          Go to your consultations
        </a>
      </p>
    </PageShell>
  );
}
