export { ensureFirstAdmin, ensureOrganisation, organisationById } from './organisation.service.js';
