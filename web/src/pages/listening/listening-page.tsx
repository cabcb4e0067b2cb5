import type { ReactNode } from 'react';
import { useState } from 'react';
import type { SessionUser } from '../../api/api-client.js';
import type { ApiData } from '../../api/use-api-query.js';
import { useApiData } from '../../api/use-api-query.js';
import { FilterSelect } from '../../components/filter-select.js';
import { NotAvailable, PageShell } from '../../components/page-shell.js';
import { AlertList, DuplicateClusters, ThemesTable } from './listening-panels.js';
import { SentimentOverTime } from './listening-sentiment.js';
import type { Alert, DuplicateCluster, SentimentSeries, Theme } from './net-sentiment.js';

const ranges: Record<string, string> = {
  hour: 'bucket=hour&points=48',
  day: 'bucket=day&points=14',
};

function Card<T>(props: {
  id: string;
  title: string;
  state: ApiData<T>;
  wide?: boolean;
  children(data: T): ReactNode;
}) {
  const { state } = props;
  return (
    <section
      className={`card${props.wide ? ' card-wide' : ''}`}
      aria-labelledby={`${props.id}-heading`}
      data-testid={props.id}
      aria-busy={state.loading}
    >
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {state.unavailable ? (
        <NotAvailable what={props.title} />
      ) : state.error ? (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      ) : state.data === null ? (
        <p className="loading">Loading…</p>
      ) : (
        props.children(state.data)
      )}
    </section>
  );
}

/** What customers are talking about, how they feel, what is being copy-pasted, what is spiking. */
export function ListeningPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [bucket, setBucket] = useState('hour');
  const [alertVersion, setAlertVersion] = useState(0);
  const range = ranges[bucket] ?? ranges.hour;
  const sentiment = useApiData<SentimentSeries>(`/api/v1/listening/sentiment?${range}`);
  const themes = useApiData<{ data: Theme[] }>(`/api/v1/listening/themes?${range}&limit=20`);
  const duplicates = useApiData<{ data: DuplicateCluster[] }>(
    '/api/v1/listening/duplicates?limit=6',
  );
  const alerts = useApiData<{ data: Alert[] }>('/api/v1/alerts?status=active', alertVersion);
  const canWrite = user.permissions.includes('listening:write');

  return (
    <PageShell user={user} page="listening" title="Listening" onSignOut={onSignOut}>
      <div className="report-filters">
        <FilterSelect
          label="Time range"
          value={bucket}
          onChange={setBucket}
          options={[
            ['hour', 'Last 48 hours, by hour'],
            ['day', 'Last 14 days, by day'],
          ]}
        />
      </div>
      <div className="report-grid">
        <Card id="sentiment" title="Sentiment over time per channel account" state={sentiment} wide>
          {(data) => <SentimentOverTime series={data} />}
        </Card>
        <Card id="alerts" title="Open alerts" state={alerts}>
          {({ data }) => (
            <AlertList
              alerts={data}
              canWrite={canWrite}
              onChanged={() => setAlertVersion((version) => version + 1)}
            />
          )}
        </Card>
        <Card id="duplicates" title="Near-duplicate clusters" state={duplicates}>
          {({ data }) => <DuplicateClusters clusters={data} />}
        </Card>
        <Card id="themes" title="Themes" state={themes} wide>
          {({ data }) => <ThemesTable themes={data} />}
        </Card>
      </div>
    </PageShell>
  );
}
