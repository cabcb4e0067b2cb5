import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { PageShell } from '../../components/page-shell.js';

/** What the organisation knows of the signed-in person: name, department, location… */
export function ProfilePage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const profile = useApiQuery('/api/v1/people/me');
  return (
    <PageShell user={user} page="profile" title="Your profile" onSignOut={onSignOut}>
      <dl className="profile">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        {profile.data?.attributes.map((attribute) => (
          <div key={attribute.key}>
            <dt>{attribute.label}</dt>
            <dd>{attribute.values.join(', ')}</dd>
          </div>
        ))}
      </dl>
    </PageShell>
  );
}
