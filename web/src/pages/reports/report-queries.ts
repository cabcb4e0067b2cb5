/** Shapes of the /api/v1/reports answers, and how the page's filters become their queries. */

export type GroupBy = 'team' | 'channel_account' | 'agent';

export interface AttainmentRow {
  group_id: number | null;
  group_name: string | null;
  period_start: string | null;
  conversations: number;
  answered: number;
  under_target: number;
  met: number;
  attainment_pct: number | null;
}

export interface ResponseTimeRow {
  group_id: number | null;
  group_name: string | null;
  conversations: number;
  answered: number;
  frt_p50_s: number | null;
  frt_p90_s: number | null;
  resolved: number;
  resolution_p50_s: number | null;
  resolution_p90_s: number | null;
}

export interface FirstResponseFigures {
  conversations: number;
  answered: number;
  frt_p50_s: number | null;
  frt_p90_s: number | null;
  within_target: number;
  within_target_pct: number | null;
}

export interface FirstResponseSummary {
  target_seconds: number;
  organisation: FirstResponseFigures;
}

export interface VolumeCell {
  weekday: string;
  hour: number;
  conversations: number;
}

export interface BacklogRow {
  age: string;
  conversations: number;
}

export interface BreachRow {
  conversation_id: number;
  status: string;
  team_id: number | null;
  channel_account_id: number;
  agent_id: number | null;
  first_inbound_at: string;
  first_response_at: string | null;
  frt_s: number | null;
  breached: string;
  overdue_since: string | null;
}

export interface ReportFilters {
  days: string;
  teamId: string;
  channelAccountId: string;
  /** Seconds of a calendar-time target, or '' for each conversation's SLA policy. */
  targetSeconds: string;
  groupBy: GroupBy;
  timezone: string;
}

export const browserTimezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const defaultReportFilters: ReportFilters = {
  days: '30',
  teamId: '',
  channelAccountId: '',
  targetSeconds: '3600',
  groupBy: 'team',
  timezone: browserTimezone,
};

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of the period as a date, so that the page and its CSV files agree. */
export function periodStart(days: string, now = new Date()): string {
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() - Number(days) + 1);
  return dateOnly(start);
}

function common(filters: ReportFilters): URLSearchParams {
  const params = new URLSearchParams({ from: periodStart(filters.days) });
  if (filters.teamId) params.set('team_id', filters.teamId);
  if (filters.channelAccountId) params.set('channel_account_id', filters.channelAccountId);
  return params;
}

/** Each report's URL; `?format=csv` on the same URL is its download. */
export function reportUrls(filters: ReportFilters) {
  const url = (name: string, extra: Record<string, string> = {}, base = common(filters)) => {
    const params = new URLSearchParams(base);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return `/api/v1/reports/${name}?${params}`;
  };
  const target: Record<string, string> = filters.targetSeconds
    ? { target_seconds: filters.targetSeconds }
    : {};
  const backlogBase = new URLSearchParams();
  if (filters.teamId) backlogBase.set('team_id', filters.teamId);
  if (filters.channelAccountId) backlogBase.set('channel_account_id', filters.channelAccountId);
  return {
    headline: filters.targetSeconds
      ? url('first-response', target)
      : url('sla-attainment', { group_by: 'organisation' }),
    attainment: url('sla-attainment', { group_by: filters.groupBy, ...target }),
    weekly: url('sla-attainment', {
      group_by: 'organisation',
      period: 'week',
      tz: filters.timezone,
      ...target,
    }),
    responseTimes: url('response-times', { group_by: filters.groupBy }),
    volume: url('volume', { tz: filters.timezone }),
    backlog: url('backlog', {}, backlogBase),
    breaches: url('breaches', { limit: '50' }),
  };
}

export const csv = (url: string) => `${url}&format=csv`;
