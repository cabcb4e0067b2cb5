export { registerCommunityRoutes } from './community.routes.js';
export { communityChannel } from './community-listening.js';
export { communityPortalSection } from './community-portal.js';
