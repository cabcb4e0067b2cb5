import { useEffect, useMemo, useState } from 'react';
import { api, type ChannelAccount, type SessionUser, type Team } from '../../api/api-client.js';
import { FilterSelect } from '../../components/filter-select.js';
import { PageShell } from '../../components/page-shell.js';
import { targetOptions } from './report-format.js';
import {
  defaultReportFilters,
  type GroupBy,
  type ReportFilters,
  reportUrls,
} from './report-queries.js';
import {
  AttainmentHeadline,
  AttainmentSection,
  ResponseTimesSection,
} from './report-sla-sections.js';
import {
  BacklogSection,
  BreachesSection,
  VolumeSection,
  WeeklyAttainmentSection,
} from './report-workload-sections.js';

const timezones: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** SLA attainment, response times, volume, backlog and breaches for leads and analysts. */
export function ReportsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [filters, setFilters] = useState<ReportFilters>(defaultReportFilters);
  const [teams, setTeams] = useState<Team[]>([]);
  const [accounts, setAccounts] = useState<ChannelAccount[]>([]);
  useEffect(() => {
    void api<{ data: Team[] }>('GET', '/api/v1/teams').then((answer) => setTeams(answer.data));
    void api<{ data: ChannelAccount[] }>('GET', '/api/v1/channel-accounts').then((answer) =>
      setAccounts(answer.data),
    );
  }, []);
  const urls = useMemo(() => reportUrls(filters), [filters]);
  const set = (key: keyof ReportFilters) => (value: string) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const allowed = user.permissions.includes('reports:read');

  return (
    <PageShell user={user} page="reports" title="Reports" onSignOut={onSignOut}>
      {!allowed ? (
        <p className="not-available">Reports need the reports permission (leads, analysts).</p>
      ) : (
        <>
          <form
            className="report-filters"
            aria-label="Report filters"
            onSubmit={(event) => event.preventDefault()}
          >
            <FilterSelect
              label="Period"
              value={filters.days}
              onChange={set('days')}
              options={[
                ['7', 'Last 7 days'],
                ['30', 'Last 30 days'],
                ['90', 'Last 90 days'],
                ['365', 'Last 12 months'],
              ]}
            />
            <FilterSelect
              label="First-response target"
              value={filters.targetSeconds}
              onChange={set('targetSeconds')}
              options={targetOptions}
            />
            <FilterSelect
              label="Group by"
              value={filters.groupBy}
              onChange={(value) => set('groupBy')(value as GroupBy)}
              options={[
                ['team', 'Team'],
                ['channel_account', 'Channel account'],
                ['agent', 'Agent'],
              ]}
            />
            <FilterSelect
              label="Team"
              value={filters.teamId}
              onChange={set('teamId')}
              options={[
                ['', 'All teams'],
                ...teams.map((team): [string, string] => [String(team.id), team.name]),
              ]}
            />
            <FilterSelect
              label="Channel account"
              value={filters.channelAccountId}
              onChange={set('channelAccountId')}
              options={[
                ['', 'All accounts'],
                ...accounts.map((account): [string, string] => [
                  String(account.id),
                  `${account.channel} · ${account.handle}`,
                ]),
              ]}
            />
            <FilterSelect
              label="Timezone"
              value={filters.timezone}
              onChange={set('timezone')}
              options={timezones.map((zone): [string, string] => [zone, zone])}
            />
          </form>
          <AttainmentHeadline urls={urls} targetSeconds={filters.targetSeconds} />
          <div className="report-grid">
            <AttainmentSection urls={urls} groupBy={filters.groupBy} />
            <ResponseTimesSection urls={urls} groupBy={filters.groupBy} />
            <WeeklyAttainmentSection urls={urls} />
            <BacklogSection urls={urls} />
            <VolumeSection urls={urls} timezone={filters.timezone} />
            <BreachesSection
              urls={urls}
              teamName={(id) => teams.find((team) => team.id === id)?.name ?? '—'}
              accountName={(id) => {
                const account = accounts.find((candidate) => candidate.id === id);
                return account ? `${account.channel} · ${account.handle}` : `#${id}`;
              }}
            />
          </div>
        </>
      )}
    </PageShell>
  );
}
