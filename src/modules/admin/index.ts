export { registerAdminRoutes } from './admin.routes.js';
export { collectStats } from './stats.service.js';
