import { type FormEvent, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import {
  type Decision,
  nextStates,
  type SettableState,
  stateNames,
  stateOrder,
} from './decision-labels.js';

/** The next step of a decision: where it moves, the outcome when it is decided, what is said. */
export function StepForm({ decision, onDone }: { decision: Decision; onDone(): void }) {
  const choices = nextStates(decision);
  const [to, setTo] = useState<SettableState | ''>(choices[0] ?? '');
  const [outcome, setOutcome] = useState<'will_change' | 'will_not_change'>('will_change');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [publish, setPublish] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decides =
    to !== '' &&
    stateOrder.indexOf(to) >= stateOrder.indexOf('decided') &&
    decision.outcome === null;
  const canReopen =
    stateOrder.indexOf(decision.state as SettableState) >= stateOrder.indexOf('decided');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (to === '') return;
    setBusy(true);
    setError(null);
    try {
      await api('post', '/api/v1/decisions/{id}/transitions', {
        path: { id: decision.id },
        body: {
          to,
          ...(decides ? { outcome } : {}),
          ...(reason.trim() ? { reason } : {}),
          ...(note.trim() ? { public_note: note } : {}),
          publish,
        },
      });
      setReason('');
      setNote('');
      onDone();
    } catch (caught) {
      setError(failureText(caught, 'The step could not be recorded'));
    } finally {
      setBusy(false);
    }
  };

  const reopen = async () => {
    const why = window.prompt('Why reopen this decision?');
    if (!why?.trim()) return;
    try {
      await api('post', '/api/v1/decisions/{id}/reopen', {
        path: { id: decision.id },
        body: { reason: why },
      });
      onDone();
    } catch (caught) {
      setError(failureText(caught, 'The decision could not be reopened'));
    }
  };

  return (
    <form className="step-form" onSubmit={(event) => void submit(event)} aria-label="Next step">
      {choices.length > 0 && (
        <>
          <label>
            Move to{' '}
            <select value={to} onChange={(event) => setTo(event.target.value as SettableState)}>
              {choices.map((state) => (
                <option key={state} value={state}>
                  {stateNames[state]}
                </option>
              ))}
            </select>
          </label>
          {decides && (
            <fieldset>
              <legend>Outcome</legend>
              <label>
                <input
                  type="radio"
                  checked={outcome === 'will_change'}
                  onChange={() => setOutcome('will_change')}
                />{' '}
                We will change it
              </label>
              <label>
                <input
                  type="radio"
                  checked={outcome === 'will_not_change'}
                  onChange={() => setOutcome('will_not_change')}
                />{' '}
                We will not change it
              </label>
            </fieldset>
          )}
          <label>
            Reason {decides && outcome === 'will_not_change' ? '(required)' : '(optional)'}
            <input
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={2000}
            />
          </label>
          <label>
            What we say publicly
            <textarea
              value={note}
              onChange={(event) => setNote(event.target.value)}
              rows={2}
              maxLength={5000}
            />
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={publish}
              onChange={(event) => setPublish(event.target.checked)}
            />{' '}
            Publish this step (the people linked are told)
          </label>
          <button type="submit" className="primary" disabled={busy || to === ''}>
            {busy ? 'Saving…' : 'Record step'}
          </button>
        </>
      )}
      {canReopen && (
        <button type="button" onClick={() => void reopen()}>
          Reopen
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
