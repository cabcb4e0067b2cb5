import { type ReactNode, useEffect, useState } from 'react';
import { type ApiAnswer, api } from '../../api/api-client.js';
import { useQuery } from '../../api/use-api-query.js';
import { navigate } from '../../app-route.js';

type Joined = ApiAnswer<'/api/v1/participant/links/redeem', 'post'>;

/** The token of the link, kept in the fragment (#token=...) so no server log ever sees it. */
function tokenInAddress(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** Where a participant goes once signed in: the consultation they were invited to, or the portal. */
export function participantHome(scope: string): string {
  const consultation = /^consultation:(\d+)$/.exec(scope);
  return consultation ? `/take-part/${consultation[1]}` : '/portal';
}

/**
 * Where a customer's, partner's or panel member's e-mailed link lands: it signs this browser in
 * (once; a forwarded copy signs nobody in) and says who is signed in before going on.
 */
export function JoinPage() {
  const [token] = useState(tokenInAddress);
  const joined = useQuery<Joined>(token ? `join:${token}` : null, () =>
    api('post', '/api/v1/participant/links/redeem', { body: { token } }),
  );

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  let content: ReactNode;
  if (!token) {
    content = (
      <p className="form-error">This address holds no link. Open the link from your e-mail.</p>
    );
  } else if (joined.error) {
    content = (
      <p className="form-error" role="alert">
        {joined.error.message}. Each link works once, in one browser: ask for a new one to use
        another device.
      </p>
    );
  } else if (joined.data === null) {
    content = <p className="hint">Checking the link…</p>;
  } else {
    const home = participantHome(joined.data.scope);
    content = (
      <>
        <p>
          You are signed in as <strong>{joined.data.name ?? 'a participant'}</strong> in this
          browser. If that is not you, close this page.
        </p>
        <button
          type="button"
          className="primary"
          onClick={() =>
            home === '/portal' ? window.location.assign(home) : navigate(home, { replace: true })
          }
        >
          Continue
        </button>
      </>
    );
  }
  return (
    <main className="sign-in">
      <section className="sign-in-card" aria-labelledby="join-title">
        <div className="brand brand-large">Hearken</div>
        <h1 id="join-title">Signing you in</h1>
        {content}
      </section>
    </main>
  );
}
