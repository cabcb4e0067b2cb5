import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import { lockOrganisation } from '../../platform/database/organisation-lock.js';
import type { Database } from '../../platform/database/schema.js';
import { defineJob, enqueueOrMerge } from '../../platform/jobs/job-definition.js';
import { sendEmail } from '../../platform/mail.js';
import { findOutboxEmail, markOutboxEmail } from './alert.repository.js';
import { type DetectionSettings, detectSpikes } from './alert-detection.service.js';
import { emailDelivery } from './alert-notifier.js';
import { defaultDetectorOptions } from './spike-detector.js';

const Id = Type.Integer({ minimum: 1 });

/** Spike detection over the hours listening rolled messages into (epoch ms of each hour). */
export const backlashDetection = {
  kind: 'alerts.detect',
  payload: Type.Object({ organisationId: Id, hours: Type.Array(Type.Integer({ minimum: 0 })) }),
};

export function detectionSettings(config: Config): DetectionSettings {
  return {
    detector: {
      ...defaultDetectorOptions,
      minimumCount: config.alertMinimumCount,
      zThreshold: config.alertZThreshold,
    },
    cooldownHours: config.alertCooldownHours,
    emailRecipients: config.alertEmailTo
      ? config.alertEmailTo
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean)
      : null,
  };
}

/** One detection at a time per organisation, so two workers never open the same alert twice. */
export const detectJob = defineJob({
  ...backlashDetection,
  async handle(trx, { organisationId, hours }, { config, now, emit }) {
    await lockOrganisation(trx, 'alertDetection', organisationId);
    emit(await detectSpikes(trx, organisationId, hours, now, detectionSettings(config)));
  },
});

/**
 * Adds the hours to the organisation's detect job that has not started yet, or queues one.
 * Detection re-reads the history of every hour it looks at, so one job per batch made it a
 * quarter of ingest; a pending job sees the hours' final counts anyway when it runs.
 */
export async function queueBacklashDetection(
  trx: Kysely<Database>,
  organisationId: number,
  hours: Iterable<number>,
): Promise<void> {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  if (sorted.length === 0) return;
  await enqueueOrMerge(
    trx,
    backlashDetection,
    { organisationId, hours: sorted },
    (pending) => {
      if (pending.organisationId !== organisationId) return undefined;
      return {
        organisationId,
        hours: [...new Set([...pending.hours, ...sorted])].sort((a, b) => a - b),
      };
    },
    { maxAttempts: 5 },
  );
}

/**
 * Sends a queued e-mail through HEARKEN_SMTP_URL. Without one there is nowhere to send it: the
 * e-mail is marked `not_configured` and stays in the outbox, visible to admins.
 */
export const emailJob = defineJob({
  ...emailDelivery,
  async handle(trx, { emailId }, { config }) {
    const email = await findOutboxEmail(trx, emailId);
    if (!email || email.status === 'sent') return;
    const now = Date.now();
    if (!config.smtpUrl) {
      await markOutboxEmail(trx, email.id, { status: 'not_configured', now });
      return;
    }
    await sendEmail(config.smtpUrl, {
      from: config.smtpFrom,
      to: email.recipient,
      subject: email.subject,
      body: email.body,
    });
    await markOutboxEmail(trx, email.id, { status: 'sent', attempts: email.attempts + 1, now });
  },
});

export const alertJobs = [detectJob, emailJob];
