import type { ApiAnswer, ApiBody } from './api-client.js';
import type { components } from './contract.gen.js';

/**
 * Names for the answers several parts of the app share, all taken from the generated contract:
 * none of these shapes is written by hand, so a server change shows up as a type error here.
 */

export type Session = ApiAnswer<'/api/v1/auth/session'>;
export type SessionUser = Session['user'];

export type ConversationSummary = ApiAnswer<'/api/v1/conversations'>['data'][number];
export type ConversationDetail = ApiAnswer<'/api/v1/conversations/{id}'>;
type Message = ConversationDetail['messages'][number];
export type ConversationChanges = ApiBody<'/api/v1/conversations/{id}', 'patch'>;
export type Classification = NonNullable<Message['classification']>;
export type MoodPoint = NonNullable<ConversationSummary['latest_customer_sentiment']>;

export type Team = ApiAnswer<'/api/v1/teams'>['data'][number];
export type ChannelAccount = ApiAnswer<'/api/v1/channel-accounts'>['data'][number];
export type Label = ApiAnswer<'/api/v1/labels'>['data'][number];

/** One event of the live stream (GET /api/v1/live). */
export type LiveEvent = components['schemas']['LiveEvent'];
export type Viewer = ApiAnswer<'/api/v1/conversations/{id}/presence', 'put'>['viewers'][number];
