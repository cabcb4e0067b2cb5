import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { getConversationDetail } from '../conversations/index.js';
import { cannedReplyErrors } from './canned-reply.errors.js';
import {
  deleteCannedReply,
  findCannedReply,
  findCannedReplyByShortcut,
  insertCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './canned-reply.repository.js';
import { renderTemplate, templateVariables, unknownVariables } from './canned-reply.template.js';

interface CannedReplyInput {
  shortcut: string;
  title: string;
  body: string;
}

function checkBody(body: string): void {
  const unknown = unknownVariables(body);
  if (unknown.length > 0) {
    throw new AppError('validation_failed', 'unknown variable in the reply', [
      {
        path: 'body/body',
        message: `unknown: ${unknown.map((name) => `{{${name}}}`).join(', ')}; use ${templateVariables
          .map((name) => `{{${name}}}`)
          .join(', ')}`,
      },
    ]);
  }
}

async function ensureShortcutFree(
  db: Kysely<Database>,
  organisationId: number,
  shortcut: string,
  exceptId?: number,
) {
  const existing = await findCannedReplyByShortcut(db, organisationId, shortcut);
  if (existing && existing.id !== exceptId) {
    throw cannedReplyErrors.error(
      'canned_reply_shortcut_taken',
      'a canned reply with this shortcut already exists',
    );
  }
}

export function cannedRepliesOf(context: AppContext, principal: Principal) {
  return listCannedReplies(context.database.db, principal.organisationId);
}

/** Creates a canned reply, audited in the same transaction. */
export async function createCannedReply(
  context: AppContext,
  principal: Principal,
  input: CannedReplyInput,
) {
  checkBody(input.body);
  return withTransaction(context.database, async (trx) => {
    await ensureShortcutFree(trx, principal.organisationId, input.shortcut);
    const row = await insertCannedReply(trx, {
      organisation_id: principal.organisationId,
      shortcut: input.shortcut,
      title: input.title,
      body: input.body,
      created_by_user_id: principal.userId,
      now: Date.now(),
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'canned_reply.created',
      subjectType: 'canned_reply',
      subjectId: row.id,
      changes: { shortcut: input.shortcut },
    });
    return row;
  });
}

/** Changes a canned reply, audited in the same transaction; returns it as stored. */
export async function changeCannedReply(
  context: AppContext,
  principal: Principal,
  id: number,
  changes: Partial<CannedReplyInput>,
) {
  if (changes.body !== undefined) checkBody(changes.body);
  return withTransaction(context.database, async (trx) => {
    if (!(await findCannedReply(trx, principal.organisationId, id))) {
      throw notFound('canned reply');
    }
    if (changes.shortcut !== undefined) {
      await ensureShortcutFree(trx, principal.organisationId, changes.shortcut, id);
    }
    await updateCannedReply(trx, principal.organisationId, id, changes, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'canned_reply.updated',
      subjectType: 'canned_reply',
      subjectId: id,
      changes: { fields: Object.keys(changes) },
    });
    const changed = await findCannedReply(trx, principal.organisationId, id);
    if (!changed) throw notFound('canned reply');
    return changed;
  });
}

/** Deletes a canned reply, audited in the same transaction. */
export async function removeCannedReply(context: AppContext, principal: Principal, id: number) {
  await withTransaction(context.database, async (trx) => {
    if (!(await deleteCannedReply(trx, principal.organisationId, id))) {
      throw notFound('canned reply');
    }
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'canned_reply.deleted',
      subjectType: 'canned_reply',
      subjectId: id,
      changes: {},
    });
  });
}

/** The canned reply's text with the conversation's contact and the signed-in agent filled in. */
export async function renderCannedReply(
  context: AppContext,
  principal: Principal,
  id: number,
  conversationId: number,
): Promise<string> {
  const reply = await findCannedReply(context.database.db, principal.organisationId, id);
  if (!reply) throw notFound('canned reply');
  const detail = await getConversationDetail(context, principal, conversationId);
  const firstInbound = detail.messages.find((message) => message.direction === 'inbound');
  // A contact without a name is greeted by the name or handle they wrote with.
  const contactName =
    detail.contact?.name ?? firstInbound?.author_name ?? firstInbound?.author_handle ?? 'there';
  return renderTemplate(reply.body, {
    'contact.name': contactName,
    'agent.name': principal.name,
    'conversation.id': String(conversationId),
  });
}
