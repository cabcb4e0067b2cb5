export { countConversationsWithInbound } from './conversation.repository.js';
export { registerConversationRoutes } from './conversation.routes.js';
export {
  type ConversationEventInput,
  listConversationEvents,
  recordConversationEvents,
} from './conversation-event.repository.js';
export {
  absorbConversations,
  findConversationStates,
  findMessagesByExternalId,
  findRepliesTo,
  insertConversations,
  insertMessages,
  type NewConversationRow,
  type NewMessageRow,
  refreshConversations,
} from './thread.repository.js';
