/** Shapes of the listening answers (/api/v1/listening/..., /api/v1/alerts). */

export interface SentimentPoint {
  at: string;
  negative: number;
  neutral: number;
  positive: number;
  unknown: number;
  total: number;
  average_polarity: number | null;
}

export interface SentimentSeries {
  bucket: string;
  from: string | null;
  to: string | null;
  data: {
    channel_account: { id: number; channel: string; handle: string };
    points: SentimentPoint[];
  }[];
}

export interface Theme {
  id: number;
  label: string;
  message_count: number;
  average_sentiment: number | null;
  top_terms: { term: string; weight: number }[];
  last_message_at: string | null;
  trend: { at: string; count: number }[];
}

export interface DuplicateCluster {
  id: number;
  theme_id: number | null;
  message_count: number;
  author_count: number;
  first_seen_at: string;
  last_seen_at: string;
  representative: { message_id: number; text: string };
}

export interface Alert {
  id: number;
  status: 'open' | 'acknowledged' | 'resolved' | string;
  severity: string;
  summary: string;
  series: { channel_account_id: number | null; theme_id: number | null; sentiment: string };
  observed_count: number;
  expected_count: number;
  first_hour_start: string;
  last_hour_start: string;
  example_message_ids: number[];
  opened_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

/**
 * Net sentiment of a bucket, -1..1: the API's average polarity when it has one, else the
 * balance of positive and negative messages; null when no message of it was classified.
 */
export function netSentiment(point: SentimentPoint): number | null {
  if (point.average_polarity !== null) return point.average_polarity;
  const known = point.negative + point.neutral + point.positive;
  return known === 0 ? null : (point.positive - point.negative) / known;
}
