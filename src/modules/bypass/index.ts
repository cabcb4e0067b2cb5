export { registerBypassRoutes } from './bypass.routes.js';
export { bypassReport, flagSocialBypass, type StartedConversation } from './bypass.service.js';
export { type BypassSettings, bypassSettings } from './bypass-settings.js';
