export { seedDemo } from './demo.service.js';
export { demoCompany } from './demo-company.js';
export { defaultDemoSeed } from './demo-conversations.js';
export { demoSlaPolicies } from './demo-service-levels.js';
