import type { SessionUser } from '../../api/contract.js';
import { followLink } from '../../app-route.js';
import { PageShell } from '../../components/page-shell.js';

/** Any path the app does not know: say so, instead of quietly showing the inbox. */
export function NotFoundPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell user={user} page="not-found" title="Page not found" onSignOut={onSignOut}>
      <p>
        There is no page at <code className="not-found-path">{window.location.pathname}</code>. The
        link may be mistyped, or the page may have moved.
      </p>
      <p>
        <a href="/" onClick={followLink}>
          Go to the inbox
        </a>
      </p>
    </PageShell>
  );
}
