import { type FormEvent, useState } from 'react';
import { type ApiAnswer, type ApiBody, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { fullTime } from '../../components/format.js';
import { PageShell } from '../../components/page-shell.js';

type Webhook = ApiAnswer<'/api/v1/webhooks'>['data'][number];
type CreateBody = ApiBody<'/api/v1/webhooks', 'post'>;

const logPageSize = 20;

/**
 * Webhooks, for admins: subscriptions with their events and health, the secret shown once at
 * creation, a test event, and each subscription's delivery log (see docs/webhooks.md).
 */
export function WebhooksPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell
      user={user}
      page="webhooks"
      title="Webhooks"
      onSignOut={onSignOut}
      requires={{ permission: 'admin', otherwise: 'Webhooks are for administrators.' }}
    >
      <Webhooks />
    </PageShell>
  );
}

function Webhooks() {
  const state = useApiQuery('/api/v1/webhooks');
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [openLog, setOpenLog] = useState<number | null>(null);
  const webhooks = state.data?.data ?? [];

  const run = async (work: () => Promise<string>) => {
    setStatus(null);
    setActionError(null);
    try {
      setStatus(await work());
    } catch (caught) {
      setActionError(failureText(caught, 'The change failed'));
    } finally {
      state.reload();
    }
  };

  return (
    <>
      <NewWebhook eventTypes={state.data?.event_types ?? []} onCreated={state.reload} />
      {status && <output className="saved">{status}</output>}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {state.error ? (
        <p className="form-error" role="alert">
          The webhooks could not be loaded: {state.error.message}
        </p>
      ) : (
        <section className="card" aria-label="Subscriptions" aria-busy={state.loading}>
          <h2>Subscriptions</h2>
          {webhooks.length === 0 && <p className="hint">No webhook yet.</p>}
          <table className="report-table">
            <tbody>
              {webhooks.map((webhook) => (
                <WebhookRow
                  key={webhook.id}
                  webhook={webhook}
                  logOpen={openLog === webhook.id}
                  onToggleLog={() => setOpenLog(openLog === webhook.id ? null : webhook.id)}
                  run={run}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function WebhookRow(props: {
  webhook: Webhook;
  logOpen: boolean;
  onToggleLog(): void;
  run(work: () => Promise<string>): Promise<void>;
}) {
  const { webhook, run } = props;
  const path = { id: webhook.id };
  return (
    <>
      <tr data-webhook-id={webhook.id}>
        <th scope="row">
          {webhook.name ?? 'Webhook'} <code>{webhook.url}</code>
          <div className="hint">{webhook.events.join(', ')}</div>
        </th>
        <td>
          {webhook.enabled ? 'Enabled' : <strong>Disabled</strong>}
          {webhook.disabled_reason && <div className="hint">{webhook.disabled_reason}</div>}
          {webhook.enabled && webhook.consecutive_failures > 0 && (
            <div className="hint">{webhook.consecutive_failures} failures in a row</div>
          )}
        </td>
        <td>
          <button
            type="button"
            disabled={!webhook.enabled}
            onClick={() =>
              void run(async () => {
                await api('post', '/api/v1/webhooks/{id}/test', { path });
                return 'A test event is on its way; see the delivery log.';
              })
            }
          >
            Send test event
          </button>{' '}
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await api('patch', '/api/v1/webhooks/{id}', {
                  path,
                  body: { enabled: !webhook.enabled },
                });
                return webhook.enabled ? 'Webhook disabled.' : 'Webhook enabled.';
              })
            }
          >
            {webhook.enabled ? 'Disable' : 'Enable'}
          </button>{' '}
          <button type="button" onClick={props.onToggleLog} aria-expanded={props.logOpen}>
            Delivery log
          </button>{' '}
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await api('delete', '/api/v1/webhooks/{id}', { path });
                return 'Webhook deleted.';
              })
            }
          >
            Delete
          </button>
        </td>
      </tr>
      {props.logOpen && (
        <tr>
          <td colSpan={3}>
            <DeliveryLog webhookId={webhook.id} />
          </td>
        </tr>
      )}
    </>
  );
}

function DeliveryLog({ webhookId }: { webhookId: number }) {
  const [offset, setOffset] = useState(0);
  const state = useApiQuery('/api/v1/webhooks/{id}/deliveries', {
    path: { id: webhookId },
    query: { limit: logPageSize, offset },
  });
  const entries = state.data?.data ?? [];
  return (
    <section aria-label="Delivery log" aria-busy={state.loading}>
      {state.error && <p className="form-error">{state.error.message}</p>}
      {entries.length === 0 && !state.loading && <p className="hint">No attempt yet.</p>}
      <table className="report-table compact webhook-log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">Response</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{fullTime(entry.created_at)}</td>
              <td>
                <code>{entry.event_type}</code> #{entry.delivery_id}
              </td>
              <td>
                {entry.outcome} (attempt {entry.attempt})
                {entry.retry_at && <div className="hint">next {fullTime(entry.retry_at)}</div>}
              </td>
              <td>{entry.response_status ?? '—'}</td>
              <td>{entry.duration_ms} ms</td>
              <td>{entry.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => setOffset(Math.max(0, offset - logPageSize))}
      >
        Newer
      </button>{' '}
      <button
        type="button"
        disabled={state.data?.next_offset == null}
        onClick={() => setOffset(state.data?.next_offset ?? offset)}
      >
        Older
      </button>
    </section>
  );
}

function NewWebhook({ eventTypes, onCreated }: { eventTypes: string[]; onCreated(): void }) {
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [events, setEvents] = useState<string[]>(['message.created']);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api('post', '/api/v1/webhooks', {
        body: {
          url,
          events: events as CreateBody['events'],
          ...(name.trim() ? { name: name.trim() } : {}),
        },
      });
      setSecret(created.secret);
      setUrl('');
      setName('');
      onCreated();
    } catch (caught) {
      setError(failureText(caught, 'The webhook could not be created'));
    }
  };

  return (
    <section className="card" aria-label="New webhook">
      <h2>New webhook</h2>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          URL <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>{' '}
        <label>
          Name <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>Events</legend>
          {eventTypes.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents(e.target.checked ? [...events, type] : events.filter((t) => t !== type))
                }
              />{' '}
              {type}{' '}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={events.length === 0}>
          Add webhook
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {secret && (
        <p role="status">
          Signing secret (shown only now; receivers verify <code>Hearken-Signature</code> with it):{' '}
          <code className="webhook-secret">{secret}</code>
        </p>
      )}
    </section>
  );
}
