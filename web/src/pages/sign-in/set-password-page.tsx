import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import { useQuery } from '../../api/use-api-query.js';
import { navigate } from '../../app-route.js';
import { fullTime } from '../../components/format.js';

type OpenedLink = ApiAnswer<'/api/v1/auth/links/open', 'post'>;

/** The token of the link, kept in the fragment (#token=...) so no server log ever sees it. */
function tokenInAddress(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * Where an invitation or password-reset link lands: it says whose account it is, then sets the
 * password. Opening it binds the link to this browser; then the person signs in as usual.
 */
export function SetPasswordPage({ onDone }: { onDone(): void }) {
  const [token] = useState(tokenInAddress);
  const link = useQuery<OpenedLink>(token ? `open:${token}` : null, () =>
    api('post', '/api/v1/auth/links/open', { body: { token } }),
  );
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  // The token has done its job in the address bar: keep it out of the history from now on.
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeated) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api('post', '/api/v1/auth/links/password', {
        body: { token, password },
      });
      setDone(answer.email);
    } catch (caught) {
      setError(failureText(caught, 'The password could not be set.'));
    } finally {
      setBusy(false);
    }
  }

  const finish = () => {
    onDone();
    navigate('/');
  };

  let content: ReactNode;
  if (!token) {
    content = (
      <p className="form-error">This address holds no link. Open the link from your e-mail.</p>
    );
  } else if (done) {
    content = (
      <>
        <output className="saved">Your password is set. Sign in with {done} and it.</output>
        <button type="button" className="primary" onClick={finish}>
          Go to sign-in
        </button>
      </>
    );
  } else if (link.error) {
    content = (
      <p className="form-error" role="alert">
        {link.error.message}. Ask an administrator for a new link.
      </p>
    );
  } else if (link.data === null) {
    content = <p className="hint">Checking the link…</p>;
  } else {
    const opened = link.data;
    content = (
      <>
        <p>
          {opened.purpose === 'invitation' ? 'Welcome, ' : 'A new password for '}
          <strong>{opened.name}</strong> ({opened.email}). This link works until{' '}
          {fullTime(opened.expires_at)}.
        </p>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        <label>
          The same again
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={repeated}
            onChange={(event) => setRepeated(event.target.value)}
            required
          />
        </label>
        <p className="hint">At least 12 characters; a few words you remember is good.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set password'}
        </button>
      </>
    );
  }
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="set-password-title">
        <div className="brand brand-large">Hearken</div>
        <h1 id="set-password-title">Set your password</h1>
        {content}
      </form>
    </main>
  );
}
