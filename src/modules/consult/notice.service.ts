import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { notFound } from '../../platform/errors.js';
import { acceptConfidentiality, partnerNotice } from '../people/index.js';
import { findConsultation } from './consult.repository.js';
import { type ConsultViewer, canSeeConsultation, personOfViewer } from './embargo.service.js';

/**
 * A partner's person in a ring's audience sees nothing of the consultation before accepting the
 * partner's current confidentiality notice: only that notice, which these two functions show and
 * accept. Anyone not in an audience gets 404.
 */
async function pendingNotice(context: AppContext, viewer: ConsultViewer, id: number) {
  const db = context.database.db;
  const consultation = await findConsultation(db, viewer.organisationId, id);
  if (!consultation) throw notFound('consultation');
  const sight = await canSeeConsultation(db, viewer, consultation);
  if (sight.visible || sight.noticeOf === undefined) throw notFound('notice');
  const notice = await partnerNotice(db, viewer.organisationId, sight.noticeOf);
  const contactId = (await personOfViewer(db, viewer))?.contactId ?? null;
  if (!notice || contactId === null) throw notFound('notice');
  return { notice, contactId };
}

/** The notice the viewer must accept first, or `required: false` when they may read on. */
export async function noticeFor(context: AppContext, viewer: ConsultViewer, id: number) {
  const db = context.database.db;
  const consultation = await findConsultation(db, viewer.organisationId, id);
  if (!consultation) throw notFound('consultation');
  if ((await canSeeConsultation(db, viewer, consultation)).visible) {
    return { required: false, notice: null };
  }
  const { notice } = await pendingNotice(context, viewer, id);
  return {
    required: true,
    notice: {
      partner_organisation: { id: notice.id, name: notice.name },
      text: notice.text,
      version: notice.version,
    },
  };
}

export async function acceptNotice(
  context: AppContext,
  viewer: ConsultViewer,
  id: number,
  version: number,
): Promise<void> {
  const { notice, contactId } = await pendingNotice(context, viewer, id);
  await withTransaction(context.database, (trx) =>
    acceptConfidentiality(trx, {
      organisationId: viewer.organisationId,
      contactId,
      partnerOrganisationId: notice.id,
      noticeVersion: version,
    }),
  );
}
