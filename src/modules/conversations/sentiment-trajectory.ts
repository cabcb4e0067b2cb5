import { angryProbability, type SentimentLabel } from './conversation.repository.js';

/** A customer message as the trajectory reads it: the stored classification and corrections. */
export interface TrajectoryMessage {
  id: number;
  direction: string;
  is_private_note: number;
  created_at: number;
  sentiment: string | null;
  sentiment_score: number | null;
  anger_score: number | null;
}

export interface TrajectoryPoint {
  messageId: number;
  at: number;
  /** The agent's correction when there is one, else the model's label; null before classification. */
  sentiment: SentimentLabel | null;
  /** The model's polarity, P(positive) - P(negative), even when an agent corrected the label. */
  score: number | null;
  anger: number | null;
  angry: boolean;
  corrected: boolean;
}

export type Trend = 'improving' | 'worsening' | 'steady';

export interface SentimentTrajectory {
  points: TrajectoryPoint[];
  first: SentimentLabel | null;
  latest: SentimentLabel | null;
  /** Null with fewer than two classified customer messages: one reading is not a direction. */
  trend: Trend | null;
}

const rank: Record<SentimentLabel, number> = { negative: -1, neutral: 0, positive: 1 };

function isSentimentLabel(value: string): value is SentimentLabel {
  return Object.hasOwn(rank, value);
}

function asLabel(value: string | null | undefined): SentimentLabel | null {
  return value && isSentimentLabel(value) ? value : null;
}

/** Unclassified points rank as neutral; the trend only compares classified ones anyway. */
function rankOf(point: TrajectoryPoint): number {
  return point.sentiment === null ? 0 : rank[point.sentiment];
}

/** Angry as the inbox badge and the `angry` filter read it: a correction wins, else p >= 0.5. */
function readsAngry(angerCorrection: string | undefined, angerScore: number | null) {
  return angerCorrection !== undefined
    ? angerCorrection === 'anger'
    : (angerScore ?? 0) >= angryProbability;
}

/**
 * Trend compares the first and the latest classified customer message: by label first
 * (negative < neutral < positive); with the same label, turning angry is worsening and calming
 * down is improving; otherwise steady. Labels, not scores, because an agent's correction changes
 * the label only, and a score wobble inside one label is noise, not a change of mood.
 */
function trendBetween(first: TrajectoryPoint, latest: TrajectoryPoint): Trend {
  const change = rankOf(latest) - rankOf(first);
  if (change > 0) return 'improving';
  if (change < 0) return 'worsening';
  if (latest.angry && !first.angry) return 'worsening';
  if (first.angry && !latest.angry) return 'improving';
  return 'steady';
}

/** The customer's mood message by message (public inbound messages, in thread order). */
export function sentimentTrajectory(
  messages: TrajectoryMessage[],
  corrections: Map<number, Record<string, string>>,
): SentimentTrajectory {
  const points: TrajectoryPoint[] = [];
  for (const message of messages) {
    if (message.direction !== 'inbound' || message.is_private_note === 1) continue;
    const corrected = corrections.get(message.id) ?? {};
    const correctedSentiment = asLabel(corrected.sentiment);
    points.push({
      messageId: message.id,
      at: message.created_at,
      sentiment: correctedSentiment ?? asLabel(message.sentiment),
      score: message.sentiment_score,
      anger: message.anger_score,
      angry: readsAngry(corrected.anger, message.anger_score),
      corrected: correctedSentiment !== null,
    });
  }
  const classified = points.filter((point) => point.sentiment !== null);
  const first = classified[0];
  const latest = classified.at(-1);
  return {
    points,
    first: first?.sentiment ?? null,
    latest: latest?.sentiment ?? null,
    trend: first && latest && classified.length >= 2 ? trendBetween(first, latest) : null,
  };
}
