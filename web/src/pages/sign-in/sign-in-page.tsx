import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, failureText } from '../../api/api-client.js';
import type { Session } from '../../api/contract.js';
import { useDocumentTitle } from '../../app-route.js';

interface Props {
  onSignedIn(session: Session): void;
}

export function SignInPage({ onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  // The sign-in page has one job: put the cursor where the agent starts typing.
  useEffect(() => emailRef.current?.focus(), []);
  useDocumentTitle('Sign in');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api('post', '/api/v1/auth/login', { body: { email, password } }));
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'invalid_credentials'
          ? 'That e-mail and password do not match.'
          : failureText(caught, 'Sign-in failed.'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="brand brand-large">Hearken</div>
        <h1 id="sign-in-title">Sign in to the inbox</h1>
        <label>
          E-mail
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
            ref={emailRef}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
