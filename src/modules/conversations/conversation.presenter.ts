import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type {
  ConversationDetailSchema,
  ConversationListSchema,
  ConversationSummarySchema,
  MoodPointSchema,
} from './conversation.schema.js';
import type { getConversationDetail, listForPrincipal } from './conversation.service.js';
import { searchSnippet } from './search-snippet.js';

type Row = Awaited<ReturnType<typeof listForPrincipal>>['rows'][number];
type Detail = Awaited<ReturnType<typeof getConversationDetail>>;
type MoodPoint = NonNullable<Row['latestCustomerMood']>;

function presentMoodPoint(point: MoodPoint): Static<typeof MoodPointSchema> {
  return {
    message_id: point.messageId,
    at: iso(point.at),
    sentiment: point.sentiment,
    score: point.score,
    anger: point.anger,
    angry: point.angry,
    corrected: point.corrected,
  };
}

function presentSearchMatch(
  match: Row['searchMatch'],
): Pick<Static<typeof ConversationSummarySchema>, 'search_match'> {
  const message = match?.message;
  if (!match || !message) return {};
  const snippet = searchSnippet(message.text, match.query);
  if (!snippet) return {};
  return {
    search_match: {
      message_id: message.messageId,
      private_note: message.privateNote,
      snippet: snippet.text,
      matches: snippet.matches,
    },
  };
}

function presentConversation(row: Row): Static<typeof ConversationSummarySchema> {
  return {
    ...presentSearchMatch(row.searchMatch),
    id: row.id,
    status: row.status,
    priority: row.priority,
    priority_reason: row.priority_reason,
    bypass:
      row.bypass_earlier_conversation_id === null
        ? null
        : {
            earlier_conversation_id: row.bypass_earlier_conversation_id,
            earlier_channel: row.bypass_earlier_channel ?? '',
            earlier_age_seconds: Math.round((row.bypass_earlier_age_ms ?? 0) / 1000),
          },
    message_count: row.message_count,
    channel: row.channel,
    channel_account: { id: row.channel_account_id, handle: row.channel_account_handle },
    team:
      row.team_id !== null && row.team_name !== null
        ? { id: row.team_id, name: row.team_name }
        : null,
    assignee:
      row.assignee_id !== null && row.assignee_name !== null
        ? { id: row.assignee_id, name: row.assignee_name }
        : null,
    contact: row.contact_id !== null ? { id: row.contact_id, name: row.contact_name } : null,
    first_message_at: iso(row.first_message_at),
    last_message_at: iso(row.last_message_at),
    last_inbound_at: iso(row.last_inbound_at),
    last_outbound_at: iso(row.last_outbound_at),
    preview: (row.preview ?? '').slice(0, 160),
    labels: row.labels,
    latest_customer_sentiment: row.latestCustomerMood
      ? presentMoodPoint(row.latestCustomerMood)
      : null,
    sla:
      row.sla_policy_id === null && row.sla_next_due_at === null
        ? null
        : {
            policy_id: row.sla_policy_id,
            first_response_due_at: iso(row.sla_first_response_due_at),
            first_response_breached_at: iso(row.sla_first_response_breached_at),
            next_due_at: iso(row.sla_next_due_at),
            paused: row.sla_paused === 1,
          },
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentConversationList(page: {
  rows: Row[];
  nextCursor: string | null;
}): Static<typeof ConversationListSchema> {
  return { data: page.rows.map(presentConversation), next_cursor: page.nextCursor };
}

export function presentDetail(detail: Detail): Static<typeof ConversationDetailSchema> {
  return {
    conversation: presentConversation(detail.conversation),
    sentiment_trajectory: {
      points: detail.trajectory.points.map(presentMoodPoint),
      summary: {
        first: detail.trajectory.first,
        latest: detail.trajectory.latest,
        trend: detail.trajectory.trend,
      },
    },
    messages: detail.messages.map((message) => ({
      id: message.id,
      channel: message.channel,
      external_id: message.external_id,
      in_reply_to: message.in_reply_to_external_id,
      direction: message.direction,
      author: {
        handle: message.author_handle,
        name: message.author_name,
        contact_id: message.author_contact_id,
        user_id: message.author_user_id,
      },
      text: message.text,
      private_note: message.is_private_note === 1,
      created_at: iso(message.created_at),
      received_at: iso(message.received_at),
      classification:
        message.sentiment === null
          ? null
          : {
              sentiment: message.sentiment,
              sentiment_score: message.sentiment_score ?? 0,
              anger: message.anger_score ?? 0,
              complaint: message.complaint_score ?? 0,
              intent: message.intent ?? '',
              intent_score: message.intent_score ?? 0,
              language: message.language ?? 'und',
              churn_risk: message.churn_risk,
              model_versions: message.classifier_version ?? '',
              corrections: detail.corrections.get(message.id) ?? {},
            },
    })),
    contact: detail.contact
      ? {
          id: detail.contact.id,
          name: detail.contact.name,
          identities: detail.identities.map((identity) => ({
            id: identity.id,
            channel: identity.channel,
            handle: identity.handle,
          })),
        }
      : null,
  };
}
