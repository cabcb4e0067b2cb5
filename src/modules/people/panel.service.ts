import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database, PanelKind } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { grantConsent, withdrawConsent } from './consent.service.js';
import {
  countPanel,
  deletePanelMember,
  existingContactIds,
  findPanelByName,
  findPanelRow,
  insertPanel,
  insertPanelMembers,
  listPanelPeople,
  listPanelRows,
  selectPanelMemberIds,
  updatePanel,
} from './panel.repository.js';
import { peopleErrors } from './people.errors.js';
import type { NormalisedRule, Rule } from './rule.js';
import { normaliseRule } from './rule.service.js';

/**
 * Customer panels (issue 12 §1): named, reusable groups of contacts who opted in. A panel's
 * people are those its rule matches (or its explicit members), and of those only the ones who
 * hold the consent `panel:<id>` at the moment asked take part.
 */

export interface Panel {
  id: number;
  name: string;
  description: string;
  kind: PanelKind;
  rule: Rule | null;
  created_at: number;
  updated_at: number;
}

function panelOf(row: NonNullable<Awaited<ReturnType<typeof findPanelRow>>>): Panel {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    kind: row.kind,
    rule: row.rule === null ? null : (JSON.parse(row.rule) as Rule),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

export async function listPanels(db: Kysely<Database>, organisationId: number): Promise<Panel[]> {
  return (await listPanelRows(db, organisationId)).map(panelOf);
}

export async function findPanel(
  db: Kysely<Database>,
  organisationId: number,
  panelId: number,
): Promise<Panel> {
  const row = await findPanelRow(db, organisationId, panelId);
  if (!row) throw notFound('panel');
  return panelOf(row);
}

/** The stored rule as both evaluators take it (a declared key since removed fails loudly). */
async function evaluable(
  db: Kysely<Database>,
  organisationId: number,
  panel: Panel,
): Promise<{ id: number; rule: NormalisedRule | null }> {
  if (panel.kind === 'explicit' || panel.rule === null) return { id: panel.id, rule: null };
  return { id: panel.id, rule: await normaliseRule(db, organisationId, panel.rule) };
}

/** Contact ids in the panel who hold the consent `panel:<id>` at `at`. */
export async function panelMembers(
  db: Kysely<Database>,
  organisationId: number,
  panelId: number,
  at: number,
): Promise<number[]> {
  const panel = await findPanel(db, organisationId, panelId);
  return selectPanelMemberIds(db, organisationId, await evaluable(db, organisationId, panel), at);
}

/** The panel with its size: everyone it names, and those who consent now. */
export async function panelWithSize(db: Kysely<Database>, organisationId: number, panelId: number) {
  const panel = await findPanel(db, organisationId, panelId);
  const target = await evaluable(db, organisationId, panel);
  const now = Date.now();
  return {
    ...panel,
    eligible: await countPanel(db, organisationId, target, null),
    consenting: await countPanel(db, organisationId, target, now),
    people: await listPanelPeople(db, organisationId, target, now, 200),
  };
}

async function checkNameFree(
  trx: Kysely<Database>,
  organisationId: number,
  name: string,
  exceptId: number | null,
) {
  const taken = await findPanelByName(trx, organisationId, name);
  if (taken && Number(taken.id) !== exceptId) {
    throw peopleErrors.error('panel_name_taken', `a panel named ${name} exists already`, [
      { path: '/name', message: 'taken' },
    ]);
  }
}

export async function createPanel(
  context: AppContext,
  principal: Principal,
  input: { name: string; description?: string; kind: PanelKind; rule?: unknown },
): Promise<Panel> {
  const organisationId = principal.organisationId;
  const name = input.name.trim();
  return withTransaction(context.database, async (trx) => {
    await checkNameFree(trx, organisationId, name, null);
    let rule: string | null = null;
    if (input.kind === 'rule') {
      await normaliseRule(trx, organisationId, input.rule);
      rule = JSON.stringify(input.rule);
    } else if (input.rule !== undefined) {
      throw new AppError('validation_failed', 'an explicit panel has no rule', [
        { path: '/rule', message: 'only a rule panel has a rule' },
      ]);
    }
    const id = await insertPanel(trx, {
      organisationId,
      name,
      description: input.description?.trim() ?? '',
      kind: input.kind,
      rule,
      at: Date.now(),
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.created',
      subjectType: 'panel',
      subjectId: id,
      changes: { name, kind: input.kind, rule: input.rule ?? null },
    });
    return findPanel(trx, organisationId, id);
  });
}

export async function changePanel(
  context: AppContext,
  principal: Principal,
  panelId: number,
  input: { name?: string; description?: string; rule?: unknown },
): Promise<Panel> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    const before = await findPanel(trx, organisationId, panelId);
    const name = input.name?.trim() ?? before.name;
    if (name !== before.name) await checkNameFree(trx, organisationId, name, panelId);
    let rule = before.rule === null ? null : JSON.stringify(before.rule);
    if (input.rule !== undefined) {
      if (before.kind !== 'rule') {
        throw new AppError('validation_failed', 'an explicit panel has no rule', [
          { path: '/rule', message: 'only a rule panel has a rule' },
        ]);
      }
      await normaliseRule(trx, organisationId, input.rule);
      rule = JSON.stringify(input.rule);
    }
    const description = input.description?.trim() ?? before.description;
    await updatePanel(trx, organisationId, panelId, { name, description, rule, at: Date.now() });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.changed',
      subjectType: 'panel',
      subjectId: panelId,
      changes: {
        name: { from: before.name, to: name },
        ...(input.rule !== undefined ? { rule: { from: before.rule, to: input.rule } } : {}),
      },
    });
    return findPanel(trx, organisationId, panelId);
  });
}

async function requireContacts(trx: Kysely<Database>, organisationId: number, ids: number[]) {
  const found = await existingContactIds(trx, organisationId, ids);
  const problems = ids.flatMap((id, index) =>
    found.has(id) ? [] : [{ path: `/contact_ids/${index}`, message: `no contact ${id}` }],
  );
  if (problems.length > 0) throw new AppError('validation_failed', 'unknown contacts', problems);
}

export async function addPanelMembers(
  context: AppContext,
  principal: Principal,
  panelId: number,
  contactIds: number[],
): Promise<void> {
  const organisationId = principal.organisationId;
  await withTransaction(context.database, async (trx) => {
    const panel = await findPanel(trx, organisationId, panelId);
    if (panel.kind !== 'explicit') {
      throw new AppError('validation_failed', 'a rule panel takes its people from its rule', [
        { path: '/contact_ids', message: 'only an explicit panel has members to add' },
      ]);
    }
    const unique = [...new Set(contactIds)];
    await requireContacts(trx, organisationId, unique);
    await insertPanelMembers(trx, organisationId, panelId, unique, Date.now());
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.members_added',
      subjectType: 'panel',
      subjectId: panelId,
      changes: { contact_ids: unique },
    });
  });
}

export async function removePanelMember(
  context: AppContext,
  principal: Principal,
  panelId: number,
  contactId: number,
): Promise<void> {
  const organisationId = principal.organisationId;
  await withTransaction(context.database, async (trx) => {
    await findPanel(trx, organisationId, panelId);
    if (!(await deletePanelMember(trx, organisationId, panelId, contactId))) {
      throw notFound('panel member');
    }
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.member_removed',
      subjectType: 'panel',
      subjectId: panelId,
      changes: { contact_id: contactId },
    });
  });
}

/**
 * Records the consent `panel:<id>` of people who opted in (through an API call or an opt-in
 * form the caller ran), with the time and source; granting twice keeps the first record.
 */
export async function recordPanelConsent(
  context: AppContext,
  principal: Principal,
  panelId: number,
  input: { contact_ids: number[]; source: 'api' | 'form' },
): Promise<{ granted: number }> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    await findPanel(trx, organisationId, panelId);
    const unique = [...new Set(input.contact_ids)];
    await requireContacts(trx, organisationId, unique);
    const at = Date.now();
    let granted = 0;
    for (const contactId of unique) {
      const result = await grantConsent(trx, {
        organisationId,
        contactId,
        purpose: `panel:${panelId}`,
        source: input.source,
        at,
      });
      if (result.granted) granted++;
    }
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.consent_recorded',
      subjectType: 'panel',
      subjectId: panelId,
      changes: { contact_ids: unique, source: input.source, granted },
    });
    return { granted };
  });
}

/** An admin records a withdrawal the person asked for by other means (a call, a letter). */
export async function withdrawPanelConsent(
  context: AppContext,
  principal: Principal,
  panelId: number,
  contactId: number,
): Promise<{ withdrawn: boolean }> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    await findPanel(trx, organisationId, panelId);
    const result = await withdrawConsent(trx, {
      organisationId,
      contactId,
      purpose: `panel:${panelId}`,
      source: 'admin',
      at: Date.now(),
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'panel.consent_withdrawn',
      subjectType: 'panel',
      subjectId: panelId,
      changes: { contact_id: contactId, withdrawn: result.withdrawn },
    });
    return result;
  });
}
