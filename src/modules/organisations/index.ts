export { ensureFirstAdmin, ensureOrganisation } from './organisation.service.js';
