import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database, NoticeStatus } from '../../platform/database/schema.js';
import { enqueueOrMerge } from '../../platform/jobs/job-definition.js';
import { isConsentPurpose } from '../people/index.js';
import {
  hasTemplate,
  languageOf,
  type NoticeLinks,
  type RenderedNotice,
  renderNotice,
} from './notice-templates.js';
import { noticeErrors } from './notices.errors.js';
import {
  countNoticesOfSubject,
  insertNotices,
  listNoticesOfSubject,
  type NewNoticeRow,
  type NoticeRow,
} from './notices.repository.js';

/**
 * One way to tell a person something (docs/engagement.md §5). A notice is written in the
 * transaction of what it tells (a decision's step), deduplicated by
 * `purpose:subjectType:subjectId:step:contact|user:<id>`, and delivered later by the
 * `notices.deliver` job, which checks consent again at the moment it sends.
 */
export interface NoticeRequest {
  organisationId: number;
  contactId?: number;
  userId?: number;
  purpose: string;
  subject: { type: string; id: number };
  step: string;
  channel: 'email';
  /** What the template needs; `template` picks the template step when `step` is more precise. */
  data: Record<string, unknown>;
  /** The consent the person must hold when it is sent (e.g. `loop_notices`). */
  consentPurpose?: string;
}

/** The delivery job of one organisation's pending notices. */
export const noticeDelivery = {
  kind: 'notices.deliver',
  payload: Type.Object({
    organisationId: Type.Integer({ minimum: 1 }),
    /** A later look at notices left `sending` (scheduled ahead: new notices never wait on it). */
    recheck: Type.Optional(Type.Boolean()),
  }),
};

/** Makes sure a delivery round of the organisation is waiting (one, merged). */
export async function queueDelivery(trx: Kysely<Database>, organisationId: number): Promise<void> {
  await enqueueOrMerge(trx, noticeDelivery, { organisationId }, (pending) =>
    pending.organisationId === organisationId && !pending.recheck ? pending : undefined,
  );
}

export function dedupeKeyOf(request: NoticeRequest): string {
  const person =
    request.contactId !== undefined ? `contact:${request.contactId}` : `user:${request.userId}`;
  return `${request.purpose}:${request.subject.type}:${request.subject.id}:${request.step}:${person}`;
}

export function templateStepOf(step: string, data: Record<string, unknown>): string {
  return typeof data.template === 'string' ? data.template : step;
}

function rowOf(request: NoticeRequest, now: number): NewNoticeRow {
  const hasContact = request.contactId !== undefined;
  if (hasContact === (request.userId !== undefined)) {
    throw noticeErrors.error(
      'notice_recipient_invalid',
      'a notice goes to exactly one contact or one user',
    );
  }
  if (!hasTemplate(request.purpose, templateStepOf(request.step, request.data))) {
    throw noticeErrors.error(
      'notice_template_missing',
      `there is no template for ${request.purpose} / ${templateStepOf(request.step, request.data)}`,
    );
  }
  if (request.consentPurpose !== undefined && !isConsentPurpose(request.consentPurpose)) {
    throw new Error(`unknown consent purpose: ${request.consentPurpose}`);
  }
  return {
    organisation_id: request.organisationId,
    contact_id: request.contactId ?? null,
    user_id: request.userId ?? null,
    purpose: request.purpose,
    subject_type: request.subject.type,
    subject_id: request.subject.id,
    step: request.step,
    channel: request.channel,
    dedupe_key: dedupeKeyOf(request),
    data: JSON.stringify({
      ...request.data,
      ...(request.consentPurpose ? { consentPurpose: request.consentPurpose } : {}),
    }),
    created_at: now,
  };
}

/**
 * Queues notices inside the caller's transaction, in multi-row statements; a step already
 * queued for a person is left as it is. Returns how many were new. One delivery job per
 * organisation waits for them (merged with one not started yet).
 */
export async function queueNotices(
  trx: Kysely<Database>,
  requests: readonly NoticeRequest[],
  now = Date.now(),
): Promise<{ queued: number }> {
  if (requests.length === 0) return { queued: 0 };
  const rows = requests.map((request) => rowOf(request, now));
  const queued = await insertNotices(trx, rows);
  for (const organisationId of new Set(rows.map((row) => row.organisation_id))) {
    await queueDelivery(trx, organisationId);
  }
  return { queued };
}

export async function queueNotice(
  trx: Kysely<Database>,
  request: NoticeRequest,
  now = Date.now(),
): Promise<{ queued: boolean }> {
  const { queued } = await queueNotices(trx, [request], now);
  return { queued: queued === 1 };
}

/**
 * What a notice will say, before a batch goes: the same renderer the sender uses, with
 * placeholder links (real ones are one-time tokens issued as each notice is sent).
 */
export function previewNotice(input: {
  purpose: string;
  step: string;
  data: Record<string, unknown>;
  language?: string;
  consentPurpose?: string;
}): RenderedNotice {
  const templateStep = templateStepOf(input.step, input.data);
  if (!hasTemplate(input.purpose, templateStep)) {
    throw noticeErrors.error(
      'notice_template_missing',
      `there is no template for ${input.purpose} / ${templateStep}`,
    );
  }
  const links: NoticeLinks = {};
  if (input.consentPurpose) links.withdraw = 'https://…/withdraw-consent#token=(one per person)';
  if (input.purpose === 'consultation') links.open = 'https://…/join#token=(one per person)';
  if (input.purpose === 'check_back') {
    const answer = (value: string) => `https://…/api/v1/loop/check-back?answer=${value}&token=…`;
    links.answers = { yes: answer('yes'), partly: answer('partly'), no: answer('no') };
  }
  return renderNotice({
    purpose: input.purpose,
    templateStep,
    language: languageOf(input.language),
    data: input.data,
    links,
  });
}

export function noticeCounts(
  db: Kysely<Database>,
  organisationId: number,
  subject: { type: string; id: number },
  purpose?: string,
): Promise<Record<NoticeStatus, number>> {
  return countNoticesOfSubject(db, organisationId, subject, purpose);
}

export function noticesOfSubject(
  db: Kysely<Database>,
  organisationId: number,
  subject: { type: string; id: number },
  limit = 200,
): Promise<NoticeRow[]> {
  return listNoticesOfSubject(db, organisationId, subject, limit);
}
