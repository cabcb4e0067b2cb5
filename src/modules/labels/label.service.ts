import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findConversation, recordConversationEvents } from '../conversations/index.js';
import { labelErrors } from './label.errors.js';
import {
  countLabelsWithIds,
  deleteLabel,
  findLabelByName,
  insertLabel,
  listLabelIdsOfConversation,
  listLabels,
  replaceConversationLabels,
} from './label.repository.js';
import { type LabelColour, labelColours } from './label.schema.js';

export async function labelsOf(context: AppContext, principal: Principal) {
  return listLabels(context.database.db, principal.organisationId);
}

export async function createLabel(
  context: AppContext,
  principal: Principal,
  input: { name: string; colour?: LabelColour | undefined },
) {
  const name = input.name.trim();
  const colour = input.colour ?? labelColours[name.length % labelColours.length] ?? 'slate';
  return withTransaction(context.database, async (trx) => {
    if (await findLabelByName(trx, principal.organisationId, name)) {
      throw labelErrors.error('label_name_taken', 'a label with this name already exists');
    }
    const label = await insertLabel(trx, principal.organisationId, name, colour, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'label.created',
      subjectType: 'label',
      subjectId: label.id,
      changes: { name, colour },
    });
    return label;
  });
}

export async function removeLabel(context: AppContext, principal: Principal, id: number) {
  await withTransaction(context.database, async (trx) => {
    if (!(await deleteLabel(trx, principal.organisationId, id))) throw notFound('label');
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'label.deleted',
      subjectType: 'label',
      subjectId: id,
      changes: {},
    });
  });
}

/** Sets a conversation's labels to exactly `labelIds`, recording what was added and removed. */
export async function setConversationLabels(
  context: AppContext,
  principal: Principal,
  conversationId: number,
  labelIds: number[],
) {
  const wanted = [...new Set(labelIds)];
  const organisationId = principal.organisationId;
  await transactWithEvents(context.database, context.events, async (trx, emit) => {
    if (!(await findConversation(trx, organisationId, conversationId))) {
      throw notFound('conversation');
    }
    if ((await countLabelsWithIds(trx, organisationId, wanted)) !== wanted.length) {
      throw new AppError('validation_failed', 'unknown label', [
        { path: 'body/label_ids', message: 'every id must be a label of this organisation' },
      ]);
    }
    const current = await listLabelIdsOfConversation(trx, conversationId);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    const now = Date.now();
    const actor = actorOf(principal);
    await replaceConversationLabels(trx, organisationId, conversationId, added, removed, now);
    await recordConversationEvents(trx, [
      {
        organisationId,
        conversationId,
        type: 'labels_changed',
        actor,
        data: { added, removed },
        occurredAt: now,
      },
    ]);
    await recordAudit(trx, {
      organisationId,
      actor,
      action: 'conversation.labels_changed',
      subjectType: 'conversation',
      subjectId: conversationId,
      changes: { added, removed },
    });
    emit([{ type: 'conversation.updated', organisationId, conversationId, changes: ['labels'] }]);
  });
  const labels = await listLabels(context.database.db, organisationId);
  return labels.filter((label) => wanted.includes(label.id));
}
