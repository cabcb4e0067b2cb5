import { useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { duration, fullTime } from '../../components/format.js';
import { PageShell } from '../../components/page-shell.js';

type DeadJob = ApiAnswer<'/api/v1/admin/jobs'>['data'][number];

const pageSize = 100;

/** The first line of an error, cut: the whole text (a stack, a response body) is one click away. */
function errorHeadline(error: string): string {
  const first = error.split('\n', 1)[0] ?? '';
  return first.length > 160 ? `${first.slice(0, 160)}…` : first;
}

/**
 * Dead letters, for admins: jobs that failed every attempt, newest first, with what they were
 * about and why they failed, and a way to run them again once the cause is fixed (handlers are
 * idempotent, so a retry cannot apply work twice). The layout follows Sidekiq's Dead tab.
 */
export function DeadJobsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell
      user={user}
      page="dead-jobs"
      title="Dead jobs"
      onSignOut={onSignOut}
      requires={{
        permission: 'admin',
        otherwise: "You don't have access to dead jobs: they are for administrators.",
      }}
    >
      <DeadJobs />
    </PageShell>
  );
}

function DeadJobs() {
  const state = useApiQuery('/api/v1/admin/jobs', { query: { status: 'dead', limit: pageSize } });
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const jobs = state.data?.data ?? [];

  const run = async (target: number | 'all', work: () => Promise<string>) => {
    setBusy(target);
    setStatus(null);
    setActionError(null);
    try {
      setStatus(await work());
    } catch (caught) {
      setActionError(failureText(caught, 'The retry failed'));
    } finally {
      setBusy(null);
      state.reload();
    }
  };

  const retry = (job: DeadJob) =>
    run(job.id, async () => {
      await api('post', '/api/v1/admin/jobs/{id}/retry', { path: { id: job.id } });
      return `Job ${job.id} (${job.kind}) is queued again with fresh attempts.`;
    });

  const retryAll = () =>
    run('all', async () => {
      const answer = await api('post', '/api/v1/admin/jobs/retry-dead');
      return `${answer.retried} ${answer.retried === 1 ? 'job is' : 'jobs are'} queued again with fresh attempts.`;
    });

  return (
    <>
      <div className="settings-bar">
        <p className="hint dead-jobs-intro">
          Background jobs land here after failing every attempt (with backoff between them). Fix the
          cause, then retry: the job starts again with a fresh set of attempts.
        </p>
        <button type="button" onClick={state.reload} disabled={state.loading}>
          Refresh
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void retryAll()}
          disabled={busy !== null || jobs.length === 0}
        >
          {busy === 'all' ? 'Retrying…' : 'Retry all'}
        </button>
      </div>
      {status && <output className="saved dead-jobs-status">{status}</output>}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {state.error ? (
        <p className="form-error" role="alert">
          The dead jobs could not be loaded: {state.error.message}
        </p>
      ) : state.data === null ? (
        <p className="hint">Loading…</p>
      ) : jobs.length === 0 ? (
        <section className="card dead-jobs-empty" aria-label="Dead jobs">
          <h2>No dead jobs</h2>
          <p className="hint">Every background job has run or is still being tried.</p>
        </section>
      ) : (
        <section className="card" aria-label="Dead jobs" aria-busy={state.loading}>
          <h2>
            {jobs.length === pageSize ? `The newest ${pageSize}` : jobs.length} dead{' '}
            {jobs.length === 1 ? 'job' : 'jobs'}
          </h2>
          <table className="report-table dead-jobs-table">
            <thead>
              <tr>
                <th scope="col">Died</th>
                <th scope="col">Job</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Payload</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-job-id={job.id}>
                  <td>
                    <time dateTime={job.updated_at} title={fullTime(job.updated_at)}>
                      {duration(Date.now() - Date.parse(job.updated_at))} ago
                    </time>
                  </td>
                  <th scope="row">
                    <code>{job.kind}</code>
                    <span className="hint"> #{job.id}</span>
                  </th>
                  <td>
                    {job.attempts} / {job.max_attempts}
                  </td>
                  <td className="dead-job-error">
                    {job.last_error === null ? (
                      <span className="hint">none recorded</span>
                    ) : errorHeadline(job.last_error) === job.last_error ? (
                      job.last_error
                    ) : (
                      <details>
                        <summary>{errorHeadline(job.last_error)}</summary>
                        <pre>{job.last_error}</pre>
                      </details>
                    )}
                  </td>
                  <td className="dead-job-payload">
                    <code>{job.payload_preview}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void retry(job)}
                      disabled={busy !== null}
                      aria-label={`Retry job ${job.id}`}
                    >
                      {busy === job.id ? 'Retrying…' : 'Retry'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
