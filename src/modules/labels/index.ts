export { registerLabelRoutes } from './label.routes.js';
