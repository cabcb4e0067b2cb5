import { useState } from 'react';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { DataCard } from '../../components/data-card.js';
import { FilterSelect } from '../../components/filter-select.js';
import { PageShell } from '../../components/page-shell.js';
import { AlertList, DuplicateClusters, ThemesTable } from './listening-panels.js';
import { SentimentOverTime } from './listening-sentiment.js';

const ranges = {
  hour: { bucket: 'hour', points: 48 },
  day: { bucket: 'day', points: 14 },
} as const;

/** What customers are talking about, how they feel, what is being copy-pasted, what is spiking. */
export function ListeningPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell
      user={user}
      page="listening"
      title="Listening"
      onSignOut={onSignOut}
      requires={{
        permission: 'listening:read',
        otherwise: "You don't have access to listening: it is for leads and analysts.",
      }}
    >
      <ListeningDashboard canWrite={user.permissions.includes('listening:write')} />
    </PageShell>
  );
}

function ListeningDashboard({ canWrite }: { canWrite: boolean }) {
  const [bucket, setBucket] = useState<keyof typeof ranges>('hour');
  const range = ranges[bucket];
  const sentiment = useApiQuery('/api/v1/listening/sentiment', { query: range });
  const themes = useApiQuery('/api/v1/listening/themes', { query: { ...range, limit: 20 } });
  const duplicates = useApiQuery('/api/v1/listening/duplicates', { query: { limit: 6 } });
  const alerts = useApiQuery('/api/v1/alerts', { query: { status: 'active' } });

  return (
    <>
      <div className="report-filters">
        <FilterSelect
          label="Time range"
          value={bucket}
          onChange={(value) => setBucket(value === 'day' ? 'day' : 'hour')}
          options={[
            ['hour', 'Last 48 hours, by hour'],
            ['day', 'Last 14 days, by day'],
          ]}
        />
      </div>
      <div className="report-grid">
        <DataCard
          id="sentiment"
          title="Sentiment over time per channel account"
          query={sentiment}
          wide
        >
          {(data) => <SentimentOverTime series={data} />}
        </DataCard>
        <DataCard id="alerts" title="Open alerts" query={alerts}>
          {({ data }) => <AlertList alerts={data} canWrite={canWrite} onChanged={alerts.reload} />}
        </DataCard>
        <DataCard id="duplicates" title="Near-duplicate clusters" query={duplicates}>
          {({ data }) => <DuplicateClusters clusters={data} />}
        </DataCard>
        <DataCard id="themes" title="Themes" query={themes} wide>
          {({ data }) => <ThemesTable themes={data} />}
        </DataCard>
      </div>
    </>
  );
}
