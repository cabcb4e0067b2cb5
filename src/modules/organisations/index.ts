export { registerOrganisationRoutes } from './organisation.routes.js';
export { ensureFirstAdmin, ensureOrganisation, organisationById } from './organisation.service.js';
export {
  defaultBrandColour,
  type OrganisationSettings,
  settingsOfOrganisation,
} from './organisation-settings.service.js';
