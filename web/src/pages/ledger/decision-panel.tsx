import { type FormEvent, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { followLink } from '../../app-route.js';
import { fullTime, shortTime } from '../../components/format.js';
import {
  type Decision,
  eventNames,
  outcomeName,
  stateNames,
  stateOrder,
} from './decision-labels.js';
import { StepForm } from './step-form.js';

interface Props {
  decisionId: number;
  canWrite: boolean;
  canLink: boolean;
  version: number;
  onChanged(): void;
  /** The decisions listed beside, offered as merge targets. */
  decisions: Decision[];
}

/** One decision: where it stands, the next step, the feedback behind it and its history. */
export function DecisionPanel(props: Props) {
  const { decisionId } = props;
  const [version, setVersion] = useState(0);
  const detail = useApiQuery(
    '/api/v1/decisions/{id}',
    { path: { id: decisionId } },
    `${props.version}-${version}`,
  );
  const feedback = useApiQuery(
    '/api/v1/decisions/{id}/feedback',
    { path: { id: decisionId } },
    `${props.version}-${version}`,
  );
  const changed = () => {
    setVersion((count) => count + 1);
    props.onChanged();
  };

  if (detail.error) {
    return (
      <section className="card decision-panel" aria-label="Decision">
        <p className="form-error" role="alert">
          {detail.error.status === 404
            ? 'There is no such decision.'
            : `The decision could not be loaded: ${detail.error.message}`}
        </p>
      </section>
    );
  }
  if (!detail.data) {
    return (
      <section className="card decision-panel" aria-label="Decision">
        <p className="hint">Loading…</p>
      </section>
    );
  }
  const { decision, events } = detail.data;
  const reached = stateOrder.indexOf(decision.state === 'merged' ? 'received' : decision.state);

  return (
    <section className="card decision-panel" aria-label={`Decision: ${decision.title}`}>
      <h2>{decision.title}</h2>
      {decision.public_description && (
        <p className="decision-description">{decision.public_description}</p>
      )}
      {decision.state === 'merged' ? (
        <p className="hint">
          Merged into{' '}
          <a href={`/ledger/${decision.merged_into_id}`} onClick={followLink}>
            decision {decision.merged_into_id}
          </a>
          .
        </p>
      ) : (
        <ol className="decision-steps" aria-label="Progress">
          {stateOrder.map((state, index) => (
            <li
              key={state}
              className={index <= reached ? 'step-done' : 'step-todo'}
              aria-current={state === decision.state ? 'step' : undefined}
            >
              {stateNames[state]}
            </li>
          ))}
        </ol>
      )}
      {outcomeName(decision.outcome) && (
        <p>
          Outcome: <strong>{outcomeName(decision.outcome)}</strong>
        </p>
      )}
      {props.canWrite && decision.state !== 'merged' && (
        <StepForm decision={decision} onDone={changed} />
      )}

      <h3>
        Feedback ({decision.feedback_count} from {decision.people_count}{' '}
        {decision.people_count === 1 ? 'person' : 'people'})
      </h3>
      {props.canLink && decision.state !== 'merged' && (
        <ManualFeedback decisionId={decisionId} onDone={changed} />
      )}
      {feedback.data?.data.length === 0 && (
        <p className="hint">Nothing linked yet: link messages from a conversation.</p>
      )}
      <ul className="feedback-list">
        {feedback.data?.data.map((item) => (
          <li key={item.id}>
            {/* Customer text is untrusted: shown as text, never as HTML. */}
            <p className="feedback-text" dir="auto">
              {item.text ?? <span className="hint">(the message is no longer available)</span>}
            </p>
            <span className="hint">
              {item.channel ?? 'manual'} ·{' '}
              <time dateTime={item.said_at} title={fullTime(item.said_at)}>
                {shortTime(item.said_at)}
              </time>
              {item.via.startsWith('theme:') && ' · via a theme'}
              {item.conversation_id !== null && (
                <>
                  {' · '}
                  <a href={`/conversations/${item.conversation_id}`} onClick={followLink}>
                    conversation
                  </a>
                </>
              )}
            </span>
            {props.canLink && decision.state !== 'merged' && (
              <button
                type="button"
                className="link"
                onClick={() =>
                  void api('delete', '/api/v1/decisions/{id}/feedback/{itemId}', {
                    path: { id: decisionId, itemId: item.id },
                  }).then(changed)
                }
              >
                Unlink
              </button>
            )}
          </li>
        ))}
      </ul>

      {props.canWrite && decision.state !== 'merged' && (
        <MergeForm decision={decision} candidates={props.decisions} onDone={changed} />
      )}

      <h3>History</h3>
      <ol className="decision-history">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.created_at} title={fullTime(event.created_at)}>
              {shortTime(event.created_at)}
            </time>{' '}
            {eventNames[event.kind] ?? event.kind}
            {event.to_state &&
              event.kind !== 'created' &&
              ` to ${stateNames[event.to_state].toLowerCase()}`}
            {event.feedback_item_ids.length > 0 && ` (${event.feedback_item_ids.length})`}
            {event.outcome && `: ${outcomeName(event.outcome)}`}
            {event.reason && <span className="hint"> because {event.reason}</span>}
            {event.public_note && (
              <blockquote className={event.published ? 'published' : undefined}>
                {event.published ? 'Published: ' : 'Not published: '}
                {event.public_note}
              </blockquote>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ManualFeedback({ decisionId, onDone }: { decisionId: number; onDone(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api('post', '/api/v1/decisions/{id}/feedback', {
        path: { id: decisionId },
        body: { manual: { text } },
      });
      setText('');
      onDone();
    } catch (caught) {
      setError(failureText(caught, 'The feedback could not be added'));
    }
  };
  return (
    <details className="manual-feedback">
      <summary>Add feedback heard elsewhere (a call, a meeting)</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          What was said
          <textarea
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={2}
            maxLength={5000}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={text.trim() === ''}>
          Add
        </button>
      </form>
    </details>
  );
}

function MergeForm({
  decision,
  candidates,
  onDone,
}: {
  decision: Decision;
  candidates: Decision[];
  onDone(): void;
}) {
  const targets = candidates.filter(
    (other) => other.id !== decision.id && other.state !== 'merged',
  );
  const [into, setInto] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (targets.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api('post', '/api/v1/decisions/{id}/merge', {
        path: { id: decision.id },
        body: { into_id: Number(into) },
      });
      onDone();
    } catch (caught) {
      setError(failureText(caught, 'The decisions could not be merged'));
    }
  };
  return (
    <details className="merge-decision">
      <summary>Merge into another decision</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Duplicate of{' '}
          <select value={into} onChange={(event) => setInto(event.target.value)} required>
            <option value="">Choose…</option>
            {targets.map((other) => (
              <option key={other.id} value={other.id}>
                {other.title}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={into === ''}>
          Merge
        </button>
      </form>
    </details>
  );
}
