import type { ApiRequest } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';

/** One query of GET /api/v1/conversations. */
export type ConversationQuery = NonNullable<ApiRequest<'/api/v1/conversations'>['query']>;

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

const id = (value: string) => (value ? Number(value) : undefined);

/**
 * The list queries of a view: one query each (an array, so a view could still merge several).
 * "My teams" is the server's `team=mine`, the teams the signed-in user is a member of.
 */
export function listQueries(
  view: InboxView,
  filters: Filters,
  user: SessionUser,
): ConversationQuery[] {
  const mood = filters.mood as '' | 'angry' | 'negative' | 'neutral' | 'positive';
  const query: ConversationQuery = {
    status: (filters.status || undefined) as ConversationQuery['status'],
    channel_account_id: id(filters.channelAccountId),
    priority: (filters.priority || undefined) as ConversationQuery['priority'],
    label_id: id(filters.labelId),
    angry: mood === 'angry' ? true : undefined,
    sentiment: mood === 'angry' || mood === '' ? undefined : mood,
    q: filters.q.trim() || undefined,
    sort: view === 'breaching' ? 'sla_due' : (filters.sort as ConversationQuery['sort']),
    assignee_id: view === 'mine' && user.id !== null ? user.id : undefined,
    unassigned: view === 'unassigned' ? true : undefined,
    sla_due_within_minutes: view === 'breaching' ? 60 : undefined,
    team_id: id(filters.teamId),
  };
  if (view === 'teams' && !filters.teamId) return [{ ...query, team: 'mine' }];
  return [query];
}
