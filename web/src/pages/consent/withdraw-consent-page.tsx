import { useEffect, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import { useDocumentTitle } from '../../app-route.js';

type Withdrawn = ApiAnswer<'/api/v1/consent-withdrawals', 'post'>;

/**
 * Where the one-click withdrawal link of a message lands: it withdraws that consent at once,
 * without signing in, and says what was withdrawn. The token travels in the fragment, so no
 * server log sees it, and leaves the address bar as soon as it is read.
 */
export function WithdrawConsentPage() {
  useDocumentTitle('Withdraw consent');
  const [token] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '',
  );
  const [result, setResult] = useState<Withdrawn | null>(null);
  const [error, setError] = useState<string | null>(token ? null : 'This link is incomplete.');

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    if (!token) return;
    let cancelled = false;
    api('post', '/api/v1/consent-withdrawals', { body: { token } })
      .then((answer) => !cancelled && setResult(answer))
      .catch((caught) => !cancelled && setError(failureText(caught, 'This link did not work.')));
    return () => {
      cancelled = true;
    };
  }, [token]);

  return (
    <main className="sign-in" aria-label="Withdraw consent">
      <h1>Withdraw consent</h1>
      {!result && !error && <p>Withdrawing…</p>}
      {result && (
        <p role="status">
          Done: you no longer agree to {result.description}. You do not need to do anything else.
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </main>
  );
}
