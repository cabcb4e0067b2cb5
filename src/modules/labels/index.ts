export { registerLabelRoutes } from './label.routes.js';
export { createLabel, labelsOf, setConversationLabels } from './label.service.js';
