export { registerOrganisationRoutes } from './organisation.routes.js';
export { ensureFirstAdmin, ensureOrganisation, organisationById } from './organisation.service.js';
