import type { ConversationStatus } from '../../platform/database/schema.js';
import {
  addBusinessMilliseconds,
  type BusinessCalendar,
  businessMillisecondsBetween,
} from '../calendars/index.js';

/**
 * SLA clocks computed from a conversation's history alone (messages and status changes), for a
 * given `now`: the same history always gives the same figures, whatever order things were
 * stored in. The definitions are written in docs/metrics.md.
 */
export interface TimelineMessage {
  at: number;
  direction: 'inbound' | 'outbound';
}

export interface StatusChange {
  at: number;
  status: ConversationStatus;
}

export interface ClockTargets {
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  warningPercent: number;
  /** Business hours to count in; null counts calendar time. */
  calendar: BusinessCalendar | null;
}

export type Metric = 'first_response' | 'next_response' | 'resolution';

export interface ClockResult {
  metric: Metric;
  startedAt: number;
  /** When the clock's goal was reached (the reply, the resolution); null while it runs. */
  stoppedAt: number | null;
  /** Counted time (business or calendar, pauses excluded) up to the stop or to now. */
  elapsedMs: number;
  targetMs: number;
  /** When the counted time reaches the target; null if it never will from here (paused). */
  dueAt: number | null;
  warnAt: number | null;
  paused: boolean;
  breached: boolean;
}

export interface ConversationClocks {
  firstResponse: ClockResult | null;
  /** Every next-response cycle; the last one may be running. */
  nextResponses: ClockResult[];
  resolution: ClockResult | null;
}

/** Statuses that stop the clocks: waiting on the customer, or nothing left to do. */
const pausingStatuses = new Set<ConversationStatus>(['pending', 'resolved']);

interface Span {
  start: number;
  end: number;
}

/** Periods spent in a pausing status, from the status history (open before the first entry). */
export function pausedSpans(changes: StatusChange[], until: number): Span[] {
  const spans: Span[] = [];
  let pausedSince: number | null = null;
  for (const change of [...changes].sort((a, b) => a.at - b.at)) {
    const pausing = pausingStatuses.has(change.status);
    if (pausing && pausedSince === null) pausedSince = change.at;
    if (!pausing && pausedSince !== null) {
      spans.push({ start: pausedSince, end: change.at });
      pausedSince = null;
    }
  }
  if (pausedSince !== null) spans.push({ start: pausedSince, end: Math.max(until, pausedSince) });
  return spans;
}

function activeSpans(start: number, end: number, pauses: Span[]): Span[] {
  const spans: Span[] = [];
  let cursor = start;
  for (const pause of pauses) {
    if (pause.end <= cursor) continue;
    if (pause.start >= end) break;
    if (pause.start > cursor) spans.push({ start: cursor, end: pause.start });
    cursor = Math.max(cursor, pause.end);
  }
  if (cursor < end) spans.push({ start: cursor, end });
  return spans;
}

function measure(calendar: BusinessCalendar | null, span: Span): number {
  return calendar
    ? businessMillisecondsBetween(calendar, span.start, span.end)
    : span.end - span.start;
}

function advance(calendar: BusinessCalendar | null, from: number, amount: number): number | null {
  return calendar ? addBusinessMilliseconds(calendar, from, amount) : from + amount;
}

/**
 * The instant at which `amount` counted time has passed, walking the active spans; when they do
 * not hold enough and the clock still runs unpaused at `now`, the rest is counted from `now`.
 */
function instantAfter(
  calendar: BusinessCalendar | null,
  spans: Span[],
  amount: number,
  continueFrom: number | null,
): number | null {
  let counted = 0;
  for (const span of spans) {
    const length = measure(calendar, span);
    if (counted + length >= amount) return advance(calendar, span.start, amount - counted);
    counted += length;
  }
  return continueFrom === null ? null : advance(calendar, continueFrom, amount - counted);
}

function clock(
  metric: Metric,
  targetMs: number,
  startedAt: number,
  stoppedAt: number | null,
  pauses: Span[],
  targets: ClockTargets,
  now: number,
): ClockResult {
  const end = stoppedAt ?? Math.max(now, startedAt);
  const spans = activeSpans(startedAt, end, pauses);
  const elapsedMs = spans.reduce((sum, span) => sum + measure(targets.calendar, span), 0);
  const paused =
    stoppedAt === null && pauses.some((pause) => pause.start <= end && pause.end >= end);
  const continueFrom = stoppedAt === null && !paused ? end : null;
  const warningMs = Math.round((targetMs * targets.warningPercent) / 100);
  return {
    metric,
    startedAt,
    stoppedAt,
    elapsedMs,
    targetMs,
    dueAt: instantAfter(targets.calendar, spans, targetMs, continueFrom),
    warnAt: instantAfter(targets.calendar, spans, warningMs, continueFrom),
    paused,
    breached: elapsedMs > targetMs,
  };
}

/**
 * All clocks of a conversation at `now`. `messages` are the ones that count: customer messages
 * and the organisation's replies, without internal notes and without replies written by bots.
 */
export function computeClocks(
  messages: TimelineMessage[],
  statusChanges: StatusChange[],
  targets: ClockTargets,
  now: number,
): ConversationClocks {
  const ordered = [...messages].sort((a, b) => a.at - b.at);
  const firstInbound = ordered.find((message) => message.direction === 'inbound');
  if (!firstInbound) return { firstResponse: null, nextResponses: [], resolution: null };
  const pauses = pausedSpans(statusChanges, now);
  const firstReply = ordered.find(
    (message) => message.direction === 'outbound' && message.at > firstInbound.at,
  );

  const firstResponse =
    targets.firstResponseMs === null
      ? null
      : clock(
          'first_response',
          targets.firstResponseMs,
          firstInbound.at,
          firstReply?.at ?? null,
          pauses,
          targets,
          now,
        );

  const nextResponses: ClockResult[] = [];
  if (targets.nextResponseMs !== null && firstReply) {
    let waitingSince: number | null = null;
    for (const message of ordered) {
      if (message.at <= firstReply.at) continue;
      if (message.direction === 'inbound' && waitingSince === null) waitingSince = message.at;
      if (message.direction === 'outbound' && waitingSince !== null) {
        nextResponses.push(
          clock(
            'next_response',
            targets.nextResponseMs,
            waitingSince,
            message.at,
            pauses,
            targets,
            now,
          ),
        );
        waitingSince = null;
      }
    }
    if (waitingSince !== null) {
      nextResponses.push(
        clock('next_response', targets.nextResponseMs, waitingSince, null, pauses, targets, now),
      );
    }
  }

  let resolution: ClockResult | null = null;
  if (targets.resolutionMs !== null) {
    const sorted = [...statusChanges].sort((a, b) => a.at - b.at);
    const current = sorted.filter((change) => change.at <= now).pop();
    const resolvedAt = current?.status === 'resolved' ? current.at : null;
    resolution = clock(
      'resolution',
      targets.resolutionMs,
      firstInbound.at,
      resolvedAt !== null && resolvedAt >= firstInbound.at ? resolvedAt : null,
      // While it is resolved the conversation waits on nobody; a reopening resumes the clock.
      pauses,
      targets,
      now,
    );
  }
  return { firstResponse, nextResponses, resolution };
}
