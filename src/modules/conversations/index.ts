export { conversationChanged, enqueueConversationChanged } from './conversation.jobs.js';
export {
  findConversation,
  findCustomerMessageOrigins,
  findMessageTexts,
  raiseConversationPriority,
} from './conversation.repository.js';
export { registerConversationRoutes } from './conversation.routes.js';
export {
  changeConversation,
  getConversationDetail,
  listForPrincipal,
} from './conversation.service.js';
export {
  type ConversationEventInput,
  recordConversationEvents,
} from './conversation-event.repository.js';
export {
  absorbConversations,
  conversationsWithAuthor,
  findConversationStates,
  findMessagesByExternalId,
  findRepliesTo,
  insertConversations,
  insertMessages,
  type NewConversationRow,
  type NewMessageRow,
  refreshConversations,
} from './thread.repository.js';
