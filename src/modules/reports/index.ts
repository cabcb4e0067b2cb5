export {
  type MetricsSlaOutcome,
  rebuildConversationMetrics,
  refreshConversationMetrics,
  updateMetricsSla,
} from './conversation-metrics.repository.js';
export { registerReportRoutes } from './report.routes.js';
export {
  type FirstResponseFigures,
  firstResponseSummary,
  type ReportOptions,
  reportRange,
} from './report.service.js';
export {
  rebuildAllReportRollups,
  rebuildRollupHours,
  rollupHoursOf,
} from './report-rollup.repository.js';
