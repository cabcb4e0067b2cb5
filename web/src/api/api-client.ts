/** Types of the API responses the app uses, and one fetch wrapper with the session's CSRF token. */

export interface SessionUser {
  id: number | null;
  name: string;
  role: string | null;
  permissions: string[];
}

export interface Label {
  id: number;
  name: string;
  colour: string;
}

export interface SlaState {
  policy_id: number | null;
  first_response_due_at: string | null;
  first_response_breached_at: string | null;
  next_due_at: string | null;
  paused: boolean;
}

export interface ConversationSummary {
  id: number;
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  /** Why the pipeline raised the priority ("churn risk: ..."); null when nobody did. */
  priority_reason?: string | null;
  message_count: number;
  channel: string;
  channel_account: { id: number; handle: string };
  team: { id: number; name: string } | null;
  assignee: { id: number; name: string } | null;
  contact: { id: number; name: string | null } | null;
  first_message_at: string;
  last_message_at: string;
  last_inbound_at: string | null;
  last_outbound_at: string | null;
  preview: string;
  labels: Label[];
  sla?: SlaState | null;
  /** The mood of the latest customer message (an agent's correction wins); null before one. */
  latest_customer_sentiment?: MoodPoint | null;
}

/** One customer message's mood: a point of the conversation's sentiment trajectory. */
export interface MoodPoint {
  message_id: number;
  at: string;
  sentiment: 'negative' | 'neutral' | 'positive' | null;
  /** The model's polarity, -1..1. */
  score: number | null;
  anger: number | null;
  angry: boolean;
  corrected: boolean;
}

export interface SentimentTrajectory {
  points: MoodPoint[];
  summary: {
    first: MoodPoint['sentiment'];
    latest: MoodPoint['sentiment'];
    trend: 'improving' | 'worsening' | 'steady' | null;
  };
}

export interface Message {
  id: number;
  channel: string;
  direction: 'inbound' | 'outbound';
  author: {
    handle: string | null;
    name: string | null;
    contact_id: number | null;
    user_id: number | null;
  };
  text: string;
  private_note: boolean;
  created_at: string;
  /** Set by the classification stage for customer messages; null before it ran. */
  classification?: Classification | null;
}

export interface Classification {
  sentiment: string;
  /** P(positive) - P(negative), -1..1. */
  sentiment_score: number;
  anger: number;
  complaint: number;
  intent: string;
  intent_score: number;
  language: string;
  churn_risk: string | null;
  model_versions: string;
  /** Labels agents gave this message, by task. */
  corrections?: Record<string, string>;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  sentiment_trajectory?: SentimentTrajectory;
  messages: Message[];
  contact: {
    id: number;
    name: string | null;
    identities: { id: number; channel: string; handle: string }[];
  } | null;
}

export interface Team {
  id: number;
  name: string;
  timezone: string;
}
export interface ChannelAccount {
  id: number;
  channel: string;
  handle: string;
  name: string;
}
export interface Agent {
  id: number;
  name: string;
  role: string;
  availability?: string;
}
export interface CannedReply {
  id: number;
  shortcut: string;
  title: string;
  body: string;
}
export interface Delivery {
  message_id: number;
  status: string;
  attempts: number;
  last_error: string | null;
}
export interface Viewer {
  user_id: number;
  name: string;
  state: 'viewing' | 'typing';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string } })
    | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      payload?.error?.code ?? 'http_error',
      payload?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return payload as T;
}

/** For APIs other modules add: a missing route (404) or permission (403) gives `fallback`. */
export async function optionalApi<T>(path: string, fallback: T): Promise<T> {
  try {
    return await api<T>('GET', path);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403))
      return fallback;
    throw error;
  }
}
