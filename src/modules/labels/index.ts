export { registerLabelRoutes } from './label.routes.js';
export { createLabel, labelColours, setConversationLabels } from './label.service.js';
