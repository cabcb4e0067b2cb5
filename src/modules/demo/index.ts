export { type DemoOptions, type DemoRuntime, type DemoSummary, seedDemo } from './demo.service.js';
export { demoAccounts, demoCompany, demoTeams } from './demo-company.js';
export { defaultDemoSeed, demoConversationCount } from './demo-conversations.js';
export { buildDemoMessages } from './demo-messages.js';
export { demoCalendar, demoSlaPolicies } from './demo-service-levels.js';
