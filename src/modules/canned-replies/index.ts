export { registerCannedReplyRoutes } from './canned-reply.routes.js';
export { createCannedReply } from './canned-reply.service.js';
export { renderTemplate, templateVariables } from './canned-reply.template.js';
