import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type SessionUser, setCsrfToken } from './api/api-client.js';
import { useAppPage } from './app-route.js';
import { DeadJobsPage } from './pages/admin/dead-jobs-page.js';
import { InboxPage } from './pages/inbox/inbox-page.js';
import { ListeningPage } from './pages/listening/listening-page.js';
import { ReportsPage } from './pages/reports/reports-page.js';
import { TeamSettingsPage } from './pages/settings/team-settings-page.js';
import { SignInPage } from './pages/sign-in/sign-in-page.js';

interface SessionResponse {
  user: SessionUser;
  csrf_token: string | null;
}

export function App() {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checking, setChecking] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const page = useAppPage();

  const accept = useCallback((session: SessionResponse) => {
    setCsrfToken(session.csrf_token);
    setUser(session.user);
  }, []);

  useEffect(() => {
    api<SessionResponse>('GET', '/api/v1/auth/session')
      .then(accept)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) {
          setFailure(error instanceof Error ? error.message : 'The server did not answer');
        }
      })
      .finally(() => setChecking(false));
  }, [accept]);

  const signOut = useCallback(async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setUser(null);
  }, []);

  if (checking) return <p className="loading">Loading…</p>;
  if (failure) {
    return (
      <p className="loading" role="alert">
        Hearken is not reachable: {failure}. Reload the page to try again.
      </p>
    );
  }
  if (!user) return <SignInPage onSignedIn={accept} />;
  if (page === 'reports') return <ReportsPage user={user} onSignOut={signOut} />;
  if (page === 'listening') return <ListeningPage user={user} onSignOut={signOut} />;
  if (page === 'team-settings') return <TeamSettingsPage user={user} onSignOut={signOut} />;
  if (page === 'dead-jobs') return <DeadJobsPage user={user} onSignOut={signOut} />;
  return <InboxPage user={user} onSignOut={signOut} />;
}
