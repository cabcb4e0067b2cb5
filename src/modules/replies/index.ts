export { registerReplyRoutes } from './reply.routes.js';
export { postMessage, type ReplyInput } from './reply.service.js';
