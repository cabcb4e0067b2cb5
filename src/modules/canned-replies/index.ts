export { registerCannedReplyRoutes } from './canned-reply.routes.js';
export { cannedRepliesOf, createCannedReply } from './canned-reply.service.js';
