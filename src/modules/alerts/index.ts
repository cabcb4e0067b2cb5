export { alertJobs, backlashDetection, queueBacklashDetection } from './alert.jobs.js';
export { registerAlertRoutes } from './alert.routes.js';
export { detectSpikes } from './alert-detection.service.js';
export { alertWebhookData, emailDelivery, notifyAdmins } from './alert-notifier.js';
export {
  baseline,
  type DetectorOptions,
  defaultDetectorOptions,
  judge,
} from './spike-detector.js';
export { mostSpecific } from './volume-series.js';
