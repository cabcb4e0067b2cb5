import type { SessionUser } from '../../api/api-client.js';

export type InboxView = 'mine' | 'teams' | 'unassigned' | 'all' | 'breaching';

export const inboxViews: { id: InboxView; label: string; hint: string }[] = [
  { id: 'mine', label: 'Mine', hint: 'Assigned to you' },
  { id: 'teams', label: 'My teams', hint: "Your teams' conversations" },
  { id: 'unassigned', label: 'Unassigned', hint: 'Nobody has these yet' },
  { id: 'all', label: 'All', hint: 'Every conversation' },
  { id: 'breaching', label: 'Breaching soon', hint: 'An SLA clock is due within the hour' },
];

export interface Filters {
  status: string;
  teamId: string;
  channelAccountId: string;
  priority: string;
  labelId: string;
  /** The latest customer message: '', 'angry', or a sentiment ('negative', 'neutral', 'positive'). */
  mood: string;
  sort: string;
  q: string;
}

export const emptyFilters: Filters = {
  status: 'open',
  teamId: '',
  channelAccountId: '',
  priority: '',
  labelId: '',
  mood: '',
  sort: 'last_activity',
  q: '',
};

/** The list requests for a view: "my teams" asks once per team and merges the answers. */
export function listQueries(
  view: InboxView,
  filters: Filters,
  user: SessionUser,
  myTeamIds: number[],
): string[] {
  const params = new URLSearchParams({ limit: '50' });
  if (filters.status) params.set('status', filters.status);
  if (filters.channelAccountId) params.set('channel_account_id', filters.channelAccountId);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.labelId) params.set('label_id', filters.labelId);
  if (filters.mood === 'angry') params.set('angry', 'true');
  else if (filters.mood) params.set('sentiment', filters.mood);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  params.set('sort', view === 'breaching' ? 'sla_due' : filters.sort);
  if (view === 'mine' && user.id !== null) params.set('assignee_id', String(user.id));
  if (view === 'unassigned') params.set('unassigned', 'true');
  if (view === 'breaching') params.set('sla_due_within_minutes', '60');
  if (filters.teamId) params.set('team_id', filters.teamId);
  if (view === 'teams' && !filters.teamId) {
    return myTeamIds.slice(0, 10).map((teamId) => {
      const perTeam = new URLSearchParams(params);
      perTeam.set('team_id', String(teamId));
      return `/api/v1/conversations?${perTeam}`;
    });
  }
  return [`/api/v1/conversations?${params}`];
}
