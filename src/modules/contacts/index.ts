export { mergeContacts, registerContactRoutes } from './contact.routes.js';
export { resolveContacts } from './contact.service.js';
