import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { followLink } from '../../app-route.js';

/**
 * "This is feedback": links a customer's message to a decision of the ledger (or to a new one),
 * and shows which decisions it is already linked to. The message is pointed at, never copied.
 */
export function LinkToDecision({
  messageId,
  canCreate,
}: {
  messageId: number;
  canCreate: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const linked = useApiQuery(
    open ? '/api/v1/messages/{id}/decisions' : null,
    { path: { id: messageId } },
    version,
  );
  const decisions = useApiQuery(
    open ? '/api/v1/decisions' : null,
    { query: { limit: 200 } },
    version,
  );
  const suggestions = useApiQuery(
    '/api/v1/messages/{id}/decision-suggestions',
    { path: { id: messageId } },
    version,
  );
  const suggestion = suggestions.data?.data[0];
  const [choice, setChoice] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);

  const alreadyLinked = new Set(linked.data?.data.map((decision) => decision.id) ?? []);
  const choices = (decisions.data?.data ?? []).filter(
    (decision) => decision.state !== 'merged' && !alreadyLinked.has(decision.id),
  );

  const link = async (decisionId: number, name: string) => {
    await api('post', '/api/v1/decisions/{id}/feedback', {
      path: { id: decisionId },
      body: { message_ids: [messageId] },
    });
    setDone(`Linked to “${name}”.`);
    setChoice('');
    setVersion((count) => count + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      if (choice === 'new') {
        const created = await api('post', '/api/v1/decisions', { body: { title } });
        await link(created.id, created.title);
        setTitle('');
      } else {
        const decision = choices.find((candidate) => String(candidate.id) === choice);
        if (decision) await link(decision.id, decision.title);
      }
    } catch (caught) {
      setError(failureText(caught, 'The message could not be linked'));
    }
  };

  const linkSuggested = async () => {
    if (!suggestion) return;
    setError(null);
    try {
      await link(suggestion.id, suggestion.title);
    } catch (caught) {
      setError(failureText(caught, 'The message could not be linked'));
    }
  };

  return (
    <div className="link-to-decision" ref={root}>
      {suggestion && (
        <p className="decision-suggestion">
          Looks like{' '}
          <a href={`/ledger/${suggestion.id}`} onClick={followLink}>
            {suggestion.title}
          </a>{' '}
          <span className="hint">
            ({suggestion.reason === 'near_duplicate' ? 'a near-copy is linked' : 'same theme'})
          </span>{' '}
          <button type="button" className="link" onClick={() => void linkSuggested()}>
            Link to it
          </button>
        </p>
      )}
      <button
        type="button"
        className="link"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        Feedback…
      </button>
      {open && (
        <form
          className="link-to-decision-form"
          onSubmit={(event) => void submit(event)}
          aria-label="Link this message to a decision"
        >
          {(linked.data?.data.length ?? 0) > 0 && (
            <p className="hint">
              Linked to:{' '}
              {linked.data?.data.map((decision, index) => (
                <span key={decision.id}>
                  {index > 0 && ', '}
                  <a href={`/ledger/${decision.id}`} onClick={followLink}>
                    {decision.title}
                  </a>
                </span>
              ))}
            </p>
          )}
          <label>
            Decision{' '}
            <select value={choice} onChange={(event) => setChoice(event.target.value)} required>
              <option value="">Choose…</option>
              {choices.map((decision) => (
                <option key={decision.id} value={decision.id}>
                  {decision.title}
                </option>
              ))}
              {canCreate && <option value="new">New decision…</option>}
            </select>
          </label>
          {choice === 'new' && (
            <label>
              Title{' '}
              <input
                value={title}
                onChange={(event) => setTitle(event.target.value)}
                maxLength={200}
                required
              />
            </label>
          )}
          <button type="submit" disabled={choice === '' || (choice === 'new' && !title.trim())}>
            Link
          </button>
          {done && <output className="saved">{done}</output>}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
