import { useMemo, useState } from 'react';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { FilterSelect } from '../../components/filter-select.js';
import { accountName } from '../../components/format.js';
import { PageShell } from '../../components/page-shell.js';
import { timezones } from '../../components/timezones.js';
import { BypassSection } from './report-bypass-section.js';
import { targetOptions } from './report-format.js';
import {
  defaultReportFilters,
  type GroupBy,
  type ReportFilters,
  reportQueries,
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

/** SLA attainment, response times, volume, backlog and breaches for leads and analysts. */
export function ReportsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [filters, setFilters] = useState<ReportFilters>(defaultReportFilters);
  const teams = useApiQuery('/api/v1/teams').data?.data ?? [];
  const accounts = useApiQuery('/api/v1/channel-accounts').data?.data ?? [];
  const queries = useMemo(() => reportQueries(filters), [filters]);
  const set = (key: keyof ReportFilters) => (value: string) =>
    setFilters((current) => ({ ...current, [key]: value }));

  return (
    <PageShell
      user={user}
      page="reports"
      title="Reports"
      onSignOut={onSignOut}
      requires={{
        permission: 'reports:read',
        otherwise: "You don't have access to reports: they are for leads and analysts.",
      }}
    >
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
              accountName(account),
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
      <AttainmentHeadline queries={queries} />
      <div className="report-grid">
        <AttainmentSection queries={queries} />
        <ResponseTimesSection queries={queries} />
        <WeeklyAttainmentSection queries={queries} />
        <BacklogSection queries={queries} />
        <VolumeSection queries={queries} />
        <BypassSection queries={queries} />
        <BreachesSection
          queries={queries}
          teamName={(id) => teams.find((team) => team.id === id)?.name ?? '—'}
          accountName={(id) => {
            const account = accounts.find((candidate) => candidate.id === id);
            return account ? accountName(account) : `#${id}`;
          }}
        />
      </div>
    </PageShell>
  );
}
