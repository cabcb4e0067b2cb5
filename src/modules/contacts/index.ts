export { findContact, listIdentities } from './contact.repository.js';
export { registerContactRoutes } from './contact.routes.js';
export { attachIdentity, resolveContacts } from './contact.service.js';
