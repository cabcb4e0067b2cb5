export {
  dedupeKeyOf,
  type NoticeRequest,
  noticeCounts,
  noticeDelivery,
  noticesOfSubject,
  previewNotice,
  queueNotice,
  queueNotices,
} from './notice.service.js';
export {
  type DeliveryOutcome,
  deliverNotices,
  interruptedAfterMilliseconds,
  noticeLinkLifetimeMilliseconds,
} from './notice-delivery.service.js';
export type { RenderedNotice } from './notice-templates.js';
export { noticeJobs } from './notices.jobs.js';
export type { NoticeRow } from './notices.repository.js';
