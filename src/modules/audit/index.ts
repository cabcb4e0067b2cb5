export { listAudit, recordAudit } from './audit.repository.js';
export { registerAuditRoutes } from './audit.routes.js';
