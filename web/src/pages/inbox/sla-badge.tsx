import type { ConversationSummary } from '../../api/contract.js';
import { duration, fullTime, isWaiting, shortTime } from '../../components/format.js';

/**
 * The first-response clock as an agent needs it: met, breached, or due in so long. Shows nothing
 * when no SLA policy applies (or the SLA module is not installed).
 */
export function SlaBadge({
  conversation,
  compact = false,
}: {
  conversation: ConversationSummary;
  compact?: boolean;
}) {
  const sla = conversation.sla;
  if (!sla) return null;
  const answered = conversation.last_outbound_at !== null;
  if (sla.first_response_breached_at) {
    return (
      <span
        className="sla sla-breached"
        title={`Breached ${fullTime(sla.first_response_breached_at)}`}
      >
        SLA breached
      </span>
    );
  }
  if (answered && !isWaiting(conversation)) {
    return <span className="sla sla-met">{compact ? 'SLA met' : 'First response: SLA met'}</span>;
  }
  const due = sla.next_due_at ?? sla.first_response_due_at;
  if (!due) return sla.paused ? <span className="sla sla-paused">SLA paused</span> : null;
  const remaining = Date.parse(due) - Date.now();
  const overdue = remaining < 0;
  return (
    <span
      className={`sla ${overdue ? 'sla-breached' : remaining < 3_600_000 ? 'sla-soon' : 'sla-due'}`}
      title={`Due ${fullTime(due)}`}
    >
      {overdue ? `overdue ${duration(remaining)}` : `due in ${duration(remaining)}`}
      {/* The exact time matters to a lead checking business hours: "due in 19 h" hides it. */}
      {!compact && (
        <>
          {' · '}
          <time dateTime={due} data-testid="sla-due">
            {shortTime(due)}
          </time>
        </>
      )}
    </span>
  );
}
