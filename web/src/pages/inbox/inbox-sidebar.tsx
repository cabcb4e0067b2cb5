import { useState } from 'react';
import { FilterSelect } from '../../components/filter-select.js';
import { accountName } from '../../components/format.js';
import { emptyFilters, type Filters, type InboxView, inboxViews } from './inbox-filters.js';
import type { ReferenceData } from './reference-data.js';

/** The inbox's views and filters: a column beside the list, a collapsible block on a phone. */
export function InboxSidebar(props: {
  view: InboxView;
  filters: Filters;
  reference: ReferenceData;
  onView(view: InboxView): void;
  onFilter(key: keyof Filters, value: string): void;
}) {
  // Phones show the filters on demand; wide screens always (the toggle is hidden there).
  const [filtersShown, setFiltersShown] = useState(false);
  const active = Object.entries(props.filters).filter(
    ([key, value]) => key !== 'sort' && key !== 'q' && value !== emptyFilters[key as keyof Filters],
  ).length;
  return (
    <nav className="sidebar" aria-label="Inbox views and filters">
      <ul className="views">
        {inboxViews.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className={item.id === props.view ? 'active' : ''}
              aria-pressed={item.id === props.view}
              title={item.hint}
              onClick={() => props.onView(item.id)}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
      {props.reference.error && (
        <p className="form-error" role="alert">
          {props.reference.error}
        </p>
      )}
      {props.view === 'teams' && !props.filters.teamId && (
        <p className="hint">The teams you are a member of; pick another team below.</p>
      )}
      <button
        type="button"
        className="filters-toggle"
        aria-expanded={filtersShown}
        aria-controls="inbox-filters"
        onClick={() => setFiltersShown((shown) => !shown)}
      >
        Filters and sort{active > 0 ? ` (${active})` : ''}
      </button>
      <div className={`filters${filtersShown ? ' shown' : ''}`} id="inbox-filters">
        <FilterSelect
          label="Status"
          value={props.filters.status}
          onChange={(value) => props.onFilter('status', value)}
          options={[
            ['', 'Any'],
            ['open', 'Open'],
            ['pending', 'Pending'],
            ['snoozed', 'Snoozed'],
            ['resolved', 'Resolved'],
          ]}
        />
        <FilterSelect
          label="Team"
          value={props.filters.teamId}
          onChange={(value) => props.onFilter('teamId', value)}
          options={[
            ['', 'Any'],
            ...props.reference.teams.map((team): [string, string] => [String(team.id), team.name]),
          ]}
        />
        <FilterSelect
          label="Channel account"
          value={props.filters.channelAccountId}
          onChange={(value) => props.onFilter('channelAccountId', value)}
          options={[
            ['', 'Any'],
            ...props.reference.channelAccounts.map((account): [string, string] => [
              String(account.id),
              accountName(account),
            ]),
          ]}
        />
        <FilterSelect
          label="Priority"
          value={props.filters.priority}
          onChange={(value) => props.onFilter('priority', value)}
          options={[
            ['', 'Any'],
            ['urgent', 'Urgent'],
            ['high', 'High'],
            ['normal', 'Normal'],
            ['low', 'Low'],
          ]}
        />
        <FilterSelect
          label="Label"
          value={props.filters.labelId}
          onChange={(value) => props.onFilter('labelId', value)}
          options={[
            ['', 'Any'],
            ...props.reference.labels.map((label): [string, string] => [
              String(label.id),
              label.name,
            ]),
          ]}
        />
        <FilterSelect
          label="Customer mood"
          value={props.filters.mood}
          onChange={(value) => props.onFilter('mood', value)}
          options={[
            ['', 'Any'],
            ['angry', 'Angry'],
            ['negative', 'Negative'],
            ['neutral', 'Neutral'],
            ['positive', 'Positive'],
          ]}
        />
        <FilterSelect
          label="Sort by"
          value={props.filters.sort}
          onChange={(value) => props.onFilter('sort', value)}
          options={[
            ['last_activity', 'Last activity'],
            ['sla_due', 'SLA due time'],
            ['priority', 'Priority'],
            ['waiting', 'Waiting longest'],
          ]}
        />
      </div>
    </nav>
  );
}
