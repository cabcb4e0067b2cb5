import type { FastifyReply } from 'fastify';
import { toCsv } from '../../platform/csv-export.js';
import { iso } from '../../platform/time.js';
import type { listBreaching } from './report.repository.js';
import type { firstResponseSummary } from './report.service.js';

type BreachRow = Awaited<ReturnType<typeof listBreaching>>[number];
type FirstResponseSummary = Awaited<ReturnType<typeof firstResponseSummary>>;

/** JSON `{ data }`, or the same rows as a CSV download with `?format=csv`. */
export function sendRows(
  reply: FastifyReply,
  format: string | undefined,
  name: string,
  rows: Record<string, unknown>[],
) {
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(toCsv(rows));
  }
  return reply.send({ data: rows });
}

/** The first-response report: JSON, or one CSV row for the organisation and one per account. */
export function sendFirstResponse(
  reply: FastifyReply,
  format: string | undefined,
  targetSeconds: number,
  summary: FirstResponseSummary,
) {
  if (format === 'csv') {
    const rows = [
      { scope: 'organisation', id: null, name: null, ...summary.organisation },
      ...summary.channel_accounts.map((account) => ({ scope: 'channel_account', ...account })),
    ];
    return sendRows(reply, 'csv', 'first-response', rows);
  }
  return reply.send({ target_seconds: targetSeconds, ...summary });
}

/** Breached or overdue conversations; overdue_since only while the next due time has passed. */
export function presentBreaches(result: { now: number; conversations: BreachRow[] }) {
  return result.conversations.map((row) => presentBreach(row, result.now));
}

function presentBreach(row: BreachRow, now: number) {
  return {
    conversation_id: row.conversation_id,
    status: row.status,
    team_id: row.team_id,
    channel_account_id: row.channel_account_id,
    agent_id: row.agent_id,
    first_inbound_at: new Date(row.first_inbound_at).toISOString(),
    first_response_at: iso(row.first_response_at),
    frt_s: row.frt_ms === null ? null : row.frt_ms / 1000,
    breached: [
      ...(row.first_response_breached === 1 ? ['first_response'] : []),
      ...(row.next_response_breached === 1 ? ['next_response'] : []),
      ...(row.resolution_breached === 1 ? ['resolution'] : []),
    ].join(' '),
    overdue_since: row.next_due_at !== null && row.next_due_at < now ? iso(row.next_due_at) : null,
  };
}
