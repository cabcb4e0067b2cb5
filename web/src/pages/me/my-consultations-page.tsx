import type { SessionUser } from '../../api/contract.js';
import { PageShell } from '../../components/page-shell.js';

/**
 * The home page of a member (an employee who is not an agent): the consultations they are asked
 * to take part in. Consult fills the list; until a consultation opens to them it says so.
 */
export function MyConsultationsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell user={user} page="my-consultations" title="Your consultations" onSignOut={onSignOut}>
      <p className="hint">
        No consultation is open to you right now. When your organisation asks for your view on a
        proposed change, it appears here.
      </p>
    </PageShell>
  );
}
