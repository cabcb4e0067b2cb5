import { useCallback, useState } from 'react';
import { api, setCsrfToken } from './api/api-client.js';
import type { Session } from './api/contract.js';
import { useApiQuery } from './api/use-api-query.js';
import { useAppPage } from './app-route.js';
import { AuditPage } from './pages/admin/audit-page.js';
import { CannedRepliesPage } from './pages/admin/canned-replies-page.js';
import { ChannelsPage } from './pages/admin/channels-page.js';
import { DeadJobsPage } from './pages/admin/dead-jobs-page.js';
import { LabelsPage } from './pages/admin/labels-page.js';
import { OrganisationPage } from './pages/admin/organisation-page.js';
import { TeamsPage } from './pages/admin/teams-page.js';
import { TokensPage } from './pages/admin/tokens-page.js';
import { UsersPage } from './pages/admin/users-page.js';
import { WebhooksPage } from './pages/admin/webhooks-page.js';
import { WithdrawConsentPage } from './pages/consent/withdraw-consent-page.js';
import { InboxPage } from './pages/inbox/inbox-page.js';
import { LedgerPage } from './pages/ledger/ledger-page.js';
import { ListeningPage } from './pages/listening/listening-page.js';
import { MyConsultationsPage } from './pages/me/my-consultations-page.js';
import { NotAllowedPage } from './pages/me/not-allowed-page.js';
import { ProfilePage } from './pages/me/profile-page.js';
import { NotFoundPage } from './pages/not-found/not-found-page.js';
import { AttributesPage } from './pages/people/attributes-page.js';
import { ImportPage } from './pages/people/import-page.js';
import { PanelsPage } from './pages/people/panels-page.js';
import { PartnersPage } from './pages/people/partners-page.js';
import { ReportsPage } from './pages/reports/reports-page.js';
import { TeamSettingsPage } from './pages/settings/team-settings-page.js';
import { JoinPage } from './pages/sign-in/join-page.js';
import { SetPasswordPage } from './pages/sign-in/set-password-page.js';
import { SignInPage } from './pages/sign-in/sign-in-page.js';

export function App() {
  const checked = useApiQuery('/api/v1/auth/session');
  // undefined: the session the server reported at load; then whatever signing in or out made.
  const [changed, setChanged] = useState<Session | null | undefined>(undefined);
  const page = useAppPage();
  const session = changed === undefined ? checked.data : changed;
  // Set while rendering, before any page below can send a write (the presence heartbeat does
  // at once): an effect here would run after the pages' own effects.
  setCsrfToken(session?.csrf_token ?? null);

  const signOut = useCallback(async () => {
    await api('post', '/api/v1/auth/logout').catch(() => undefined);
    setChanged(null);
  }, []);

  // A one-time link works whoever is signed in here; afterwards the app starts afresh.
  if (page === 'set-password') return <SetPasswordPage onDone={signOut} />;
  // The one-click withdrawal works without signing in, whoever is signed in here.
  if (page === 'withdraw-consent') return <WithdrawConsentPage />;
  // Participants (customers, partners, panels) sign in by link and never see the staff app.
  if (page === 'join') return <JoinPage />;
  if (changed === undefined && checked.loading) return <p className="loading">Loading…</p>;
  if (changed === undefined && checked.error && checked.error.status !== 401) {
    return (
      <p className="loading" role="alert">
        Hearken is not reachable: {checked.error.message}. Reload the page to try again.
      </p>
    );
  }
  const user = session?.user;
  if (!user) return <SignInPage onSignedIn={setChanged} />;
  if (page === 'reports') return <ReportsPage user={user} onSignOut={signOut} />;
  if (page === 'listening') return <ListeningPage user={user} onSignOut={signOut} />;
  if (page === 'team-settings') return <TeamSettingsPage user={user} onSignOut={signOut} />;
  if (page === 'dead-jobs') return <DeadJobsPage user={user} onSignOut={signOut} />;
  if (page === 'webhooks') return <WebhooksPage user={user} onSignOut={signOut} />;
  if (page === 'channels') return <ChannelsPage user={user} onSignOut={signOut} />;
  if (page === 'ledger') return <LedgerPage user={user} onSignOut={signOut} />;
  if (page === 'admin-users') return <UsersPage user={user} onSignOut={signOut} />;
  if (page === 'admin-teams') return <TeamsPage user={user} onSignOut={signOut} />;
  if (page === 'admin-tokens') return <TokensPage user={user} onSignOut={signOut} />;
  if (page === 'admin-labels') return <LabelsPage user={user} onSignOut={signOut} />;
  if (page === 'admin-canned-replies') return <CannedRepliesPage user={user} onSignOut={signOut} />;
  if (page === 'admin-organisation') return <OrganisationPage user={user} onSignOut={signOut} />;
  if (page === 'admin-audit') return <AuditPage user={user} onSignOut={signOut} />;
  if (page === 'people-attributes') return <AttributesPage user={user} onSignOut={signOut} />;
  if (page === 'people-import') return <ImportPage user={user} onSignOut={signOut} />;
  if (page === 'people-partners') return <PartnersPage user={user} onSignOut={signOut} />;
  if (page === 'people-panels') return <PanelsPage user={user} onSignOut={signOut} />;
  if (page === 'my-consultations') return <MyConsultationsPage user={user} onSignOut={signOut} />;
  if (page === 'profile') return <ProfilePage user={user} onSignOut={signOut} />;
  if (page === 'not-found') return <NotFoundPage user={user} onSignOut={signOut} />;
  // A member has no inbox: their home is their consultations; an inbox link says "not allowed".
  if (!user.permissions.includes('conversations:read')) {
    if (window.location.pathname === '/') {
      return <MyConsultationsPage user={user} onSignOut={signOut} />;
    }
    return <NotAllowedPage user={user} onSignOut={signOut} />;
  }
  return <InboxPage user={user} onSignOut={signOut} />;
}
