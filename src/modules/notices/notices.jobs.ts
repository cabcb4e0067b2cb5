import { defineJob, enqueue, RetryLaterError } from '../../platform/jobs/job-definition.js';
import { noticeDelivery, queueDelivery } from './notice.service.js';
import { deliverNotices } from './notice-delivery.service.js';

/**
 * Delivers an organisation's pending notices. It runs outside the job's transaction (it waits
 * on the SMTP server; every claim and outcome commits on its own, see notice-delivery.service).
 * A failure known to have left nothing at the server retries with the queue's backoff; pending
 * notices beyond one round queue the next round; notices another worker still holds `sending`
 * are looked at again once they would count as interrupted.
 */
export const deliverNoticesJob = defineJob({
  ...noticeDelivery,
  outsideTransaction: true,
  async handle(db, { organisationId }, { dialect, config }) {
    const outcome = await deliverNotices(db, dialect, config, organisationId);
    if (outcome.retry > 0) {
      throw new RetryLaterError(`${outcome.retry} notice(s) were refused by the mail server`, 0);
    }
    if (!config.smtpUrl) return;
    if (outcome.remaining > 0) {
      await queueDelivery(db, organisationId);
    } else if (outcome.recheckAt !== null) {
      await enqueue(
        db,
        noticeDelivery,
        { organisationId, recheck: true },
        { runAt: outcome.recheckAt },
      );
    }
  },
});

export const noticeJobs = [deliverNoticesJob];
