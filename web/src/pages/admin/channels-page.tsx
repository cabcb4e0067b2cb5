import { type FormEvent, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { fullTime } from '../../components/format.js';
import { PageShell } from '../../components/page-shell.js';

type Channel = ApiAnswer<'/api/v1/admin/channels'>['data'][number];

const statusText: Record<Channel['health']['status'], string> = {
  not_connected: 'not connected (inbound API only)',
  paused: 'paused',
  never_fetched: 'connected, not fetched yet',
  ok: 'healthy',
  failing: 'failing',
  needs_reauthentication: 'needs its password again',
};

/**
 * The admin's channels: each account with its health (last success, last error, failures in a
 * row), the actions on it, and a form to connect a mailbox. Passwords go to the server once and
 * never come back.
 */
export function ChannelsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell
      user={user}
      page="channels"
      title="Channels"
      onSignOut={onSignOut}
      requires={{ permission: 'admin', otherwise: 'Channels are for administrators.' }}
    >
      <Channels />
    </PageShell>
  );
}

function Channels() {
  const state = useApiQuery('/api/v1/admin/channels', {});
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const channels = state.data?.data ?? [];

  const run = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    setStatus(null);
    setActionError(null);
    try {
      setStatus(await work());
    } catch (caught) {
      setActionError(failureText(caught, 'The action failed'));
    } finally {
      setBusy(null);
      state.reload();
    }
  };

  const act = (channel: Channel, action: 'test' | 'fetch' | 'pause' | 'resume' | 'remove') =>
    run(`${channel.id}:${action}`, async () => {
      const path = { id: channel.id };
      if (action === 'test') {
        await api('post', '/api/v1/admin/channels/{id}/test', { path });
        return `${channel.handle}: the connection works.`;
      }
      if (action === 'fetch') {
        await api('post', '/api/v1/admin/channels/{id}/fetch', { path });
        return `${channel.handle}: fetching now.`;
      }
      if (action === 'pause') {
        await api('post', '/api/v1/admin/channels/{id}/pause', { path });
        return `${channel.handle} is paused; replies wait in the outbox.`;
      }
      if (action === 'resume') {
        await api('post', '/api/v1/admin/channels/{id}/resume', { path });
        return `${channel.handle} is running again.`;
      }
      await api('delete', '/api/v1/admin/channels/{id}', { path });
      return `${channel.handle} is disconnected; its conversations stay.`;
    });

  return (
    <>
      <div className="settings-bar">
        <p className="hint">
          Connected accounts are fetched by the worker (IMAP IDLE, with a poll as fallback) and send
          the agents' replies. After repeated failures the admins get an e-mail.
        </p>
        <button type="button" onClick={state.reload} disabled={state.loading}>
          Refresh
        </button>
      </div>
      {status && <output className="saved">{status}</output>}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {state.error ? (
        <p className="form-error" role="alert">
          The channels could not be loaded: {state.error.message}
        </p>
      ) : state.data === null ? (
        <p className="hint">Loading…</p>
      ) : (
        <section className="card" aria-label="Channel accounts" aria-busy={state.loading}>
          <h2>Accounts</h2>
          <table className="report-table channels-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Health</th>
                <th scope="col">Last success</th>
                <th scope="col">Last error</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr key={channel.id} data-channel-id={channel.id}>
                  <td>
                    {channel.handle}
                    <span className="hint"> · {channel.channel}</span>
                  </td>
                  <td className={`channel-health channel-${channel.health.status}`}>
                    {statusText[channel.health.status]}
                    {channel.health.consecutive_failures > 0 &&
                      ` (${channel.health.consecutive_failures} in a row)`}
                  </td>
                  <td>
                    {channel.health.last_success_at
                      ? fullTime(channel.health.last_success_at)
                      : '—'}
                  </td>
                  <td className="channel-error">{channel.health.last_error ?? '—'}</td>
                  <td>
                    {channel.connected && (
                      <span className="channel-actions">
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void act(channel, 'test')}
                        >
                          Test
                        </button>
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void act(channel, 'fetch')}
                        >
                          Fetch now
                        </button>
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void act(channel, channel.paused ? 'resume' : 'pause')}
                        >
                          {channel.paused ? 'Resume' : 'Pause'}
                        </button>
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void act(channel, 'remove')}
                        >
                          Remove
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ConnectEmail
        onConnected={(handle) => {
          setStatus(`${handle} is connected.`);
          state.reload();
        }}
      />
    </>
  );
}

function ConnectEmail({ onConnected }: { onConnected(handle: string): void }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setSaving(true);
    setError(null);
    try {
      const smtpUser = text('smtp_user');
      const smtpPassword = text('smtp_password');
      const created = await api('post', '/api/v1/admin/channels/email', {
        body: {
          address: text('address'),
          imap: {
            host: text('imap_host'),
            port: Number(text('imap_port')),
            user: text('imap_user'),
            password: String(form.get('imap_password') ?? ''),
          },
          smtp: {
            host: text('smtp_host'),
            port: Number(text('smtp_port')),
            ...(smtpUser ? { user: smtpUser } : {}),
            ...(smtpPassword ? { password: smtpPassword } : {}),
          },
        },
      });
      event.currentTarget?.reset();
      onConnected(created.handle);
    } catch (caught) {
      setError(failureText(caught, 'The mailbox could not be connected'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-label="Connect a mailbox">
      <h2>Connect a mailbox</h2>
      <p className="hint">
        Hearken logs in to IMAP and SMTP first; nothing is saved if that fails.
      </p>
      <form className="channel-form" onSubmit={(event) => void submit(event)}>
        <label>
          Address <input name="address" type="email" required />
        </label>
        <label>
          IMAP host <input name="imap_host" required />
        </label>
        <label>
          IMAP port <input name="imap_port" type="number" defaultValue={993} required />
        </label>
        <label>
          IMAP user <input name="imap_user" required autoComplete="off" />
        </label>
        <label>
          IMAP password{' '}
          <input name="imap_password" type="password" required autoComplete="new-password" />
        </label>
        <label>
          SMTP host <input name="smtp_host" required />
        </label>
        <label>
          SMTP port <input name="smtp_port" type="number" defaultValue={465} required />
        </label>
        <label>
          SMTP user <input name="smtp_user" autoComplete="off" />
        </label>
        <label>
          SMTP password <input name="smtp_password" type="password" autoComplete="new-password" />
        </label>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Connecting…' : 'Connect'}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
