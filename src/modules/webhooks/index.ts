export { webhookDelivery, webhookJobs } from './webhook.jobs.js';
export { registerWebhookRoutes } from './webhook.routes.js';
export { webhookSubscribers } from './webhook.subscribers.js';
export { webhookEventTypes } from './webhook-events.js';
