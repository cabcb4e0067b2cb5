import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { getConversationDetail } from '../conversations/index.js';
import {
  deleteCannedReply,
  findCannedReply,
  findCannedReplyByShortcut,
  insertCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './canned-reply.repository.js';
import { renderTemplate, templateVariables, unknownVariables } from './canned-reply.template.js';

export interface CannedReplyInput {
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
  context: AppContext,
  principal: Principal,
  shortcut: string,
  exceptId?: number,
) {
  const existing = await findCannedReplyByShortcut(
    context.database.db,
    principal.organisationId,
    shortcut,
  );
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', 'a canned reply with this shortcut already exists');
  }
}

export function cannedRepliesOf(context: AppContext, principal: Principal) {
  return listCannedReplies(context.database.db, principal.organisationId);
}

export async function createCannedReply(
  context: AppContext,
  principal: Principal,
  input: CannedReplyInput,
) {
  checkBody(input.body);
  await ensureShortcutFree(context, principal, input.shortcut);
  const row = await insertCannedReply(context.database.db, {
    organisation_id: principal.organisationId,
    shortcut: input.shortcut,
    title: input.title,
    body: input.body,
    created_by_user_id: principal.userId,
    now: Date.now(),
  });
  await recordAudit(context.database.db, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'canned_reply.created',
    subjectType: 'canned_reply',
    subjectId: row.id,
    changes: { shortcut: input.shortcut },
  });
  return row;
}

export async function changeCannedReply(
  context: AppContext,
  principal: Principal,
  id: number,
  changes: Partial<CannedReplyInput>,
) {
  const { db } = context.database;
  if (!(await findCannedReply(db, principal.organisationId, id))) throw notFound('canned reply');
  if (changes.body !== undefined) checkBody(changes.body);
  if (changes.shortcut !== undefined) {
    await ensureShortcutFree(context, principal, changes.shortcut, id);
  }
  await updateCannedReply(db, principal.organisationId, id, changes, Date.now());
  await recordAudit(db, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'canned_reply.updated',
    subjectType: 'canned_reply',
    subjectId: id,
    changes: { fields: Object.keys(changes) },
  });
  return (await findCannedReply(db, principal.organisationId, id)) as NonNullable<
    Awaited<ReturnType<typeof findCannedReply>>
  >;
}

export async function removeCannedReply(context: AppContext, principal: Principal, id: number) {
  if (!(await deleteCannedReply(context.database.db, principal.organisationId, id))) {
    throw notFound('canned reply');
  }
  await recordAudit(context.database.db, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'canned_reply.deleted',
    subjectType: 'canned_reply',
    subjectId: id,
    changes: {},
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
