import type { ApiRequest } from '../../api/api-client.js';

/** How the reports page's filters become the queries of /api/v1/reports/... */

/** The groups a lead can compare (the whole organisation is the headline). */
export type GroupBy = Exclude<
  NonNullable<NonNullable<ApiRequest<'/api/v1/reports/sla-attainment'>['query']>['group_by']>,
  'organisation'
>;

export interface ReportFilters {
  days: string;
  teamId: string;
  channelAccountId: string;
  /** Seconds of a calendar-time target, or '' for each conversation's SLA policy. */
  targetSeconds: string;
  groupBy: GroupBy;
  timezone: string;
}

const browserTimezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

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
function periodStart(days: string, now = new Date()): string {
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() - Number(days) + 1);
  return dateOnly(start);
}

const id = (value: string) => (value ? Number(value) : undefined);

/** Each report's query; the same query with `format=csv` is its download. */
export function reportQueries(filters: ReportFilters) {
  const scope = { team_id: id(filters.teamId), channel_account_id: id(filters.channelAccountId) };
  const common = { from: periodStart(filters.days), ...scope };
  const target_seconds = filters.targetSeconds ? Number(filters.targetSeconds) : undefined;
  return {
    /** With a calendar-time target; without one, `policyHeadline` reads each SLA policy's. */
    headline: target_seconds === undefined ? null : { ...common, target_seconds },
    policyHeadline: { ...common, group_by: 'organisation' as const },
    attainment: { ...common, group_by: filters.groupBy, target_seconds },
    weekly: {
      ...common,
      group_by: 'organisation' as const,
      period: 'week' as const,
      tz: filters.timezone,
      target_seconds,
    },
    responseTimes: { ...common, group_by: filters.groupBy },
    volume: { ...common, tz: filters.timezone },
    backlog: scope,
    breaches: { ...common, limit: 50 },
    /** Bypass is counted over the whole organisation's social channels (docs/metrics.md). */
    bypass: { from: common.from },
  };
}

export type ReportQueries = ReturnType<typeof reportQueries>;
