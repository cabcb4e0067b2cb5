export { registerCannedReplyRoutes } from './canned-reply.routes.js';
