import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import type { AppError, FieldProblem } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  actorOf,
  createInvitedUser,
  type DeliveredLink,
  deliverInvitation,
  findUserByEmail,
  generatePassword,
  hashPassword,
  normaliseEmail,
  type Principal,
} from '../auth/index.js';
import { listTeams } from '../teams/index.js';
import { replaceAttributeValues } from './attribute.repository.js';
import { declareAttribute, keyDefinitionsOf, parseAttributeValue } from './attribute.service.js';
import { grantConsent } from './consent.service.js';
import { type ImportRow, parseImportCsv } from './import-csv.js';
import { listPanelRows } from './panel.repository.js';
import { peopleErrors } from './people.errors.js';
import { findContactByEmail, insertTeamMembership } from './person.repository.js';
import { contactForEmail, emailKeyOf, emailShape, ensureContactForUser } from './person.service.js';
import type { KeyDefinition, RuleAttributes } from './rule.js';

/**
 * CSV imports of people (issue 12 §1): contacts with attributes and panel consent, and members
 * (employees) who are invited to set a password. Every row is checked before anything is
 * written; a file with any row error writes nothing, and the errors name the row (the file's
 * line number), the column and what is wrong. The writes then happen in one transaction.
 */

export const maxContactRows = 5_000;
export const maxMemberRows = 1_000;

export interface RowError {
  row: number;
  field: string;
  message: string;
}

function rejected(errors: RowError[]): AppError {
  const shown = errors.slice(0, 200);
  return peopleErrors.error(
    'import_rejected',
    `${errors.length} problem(s) in the file; nothing was imported`,
    shown.map(
      (error): FieldProblem => ({
        path: `/rows/${error.row}/${error.field}`,
        message: error.message,
      }),
    ),
  );
}

function checkEmail(row: ImportRow, seen: Map<string, number>, errors: RowError[]): string | null {
  const email = (row.values.email ?? '').trim();
  if (email === '') {
    errors.push({ row: row.line, field: 'email', message: 'required' });
    return null;
  }
  if (!emailShape.test(email) || email.length > 320) {
    errors.push({ row: row.line, field: 'email', message: `"${email}" is not an e-mail address` });
    return null;
  }
  const key = emailKeyOf(email);
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    errors.push({ row: row.line, field: 'email', message: `the same address as row ${earlier}` });
    return null;
  }
  seen.set(key, row.line);
  return email;
}

function checkName(row: ImportRow, required: boolean, errors: RowError[]): string | null {
  const name = (row.values.name ?? '').trim();
  if (name.length > 200) {
    errors.push({ row: row.line, field: 'name', message: 'at most 200 characters' });
  } else if (required && name === '') {
    errors.push({ row: row.line, field: 'name', message: 'required' });
  }
  return name === '' ? null : name;
}

function checkAttributes(
  row: ImportRow,
  columns: readonly string[],
  definitions: ReadonlyMap<string, KeyDefinition>,
  errors: RowError[],
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const column of columns) {
    const definition = definitions.get(column);
    // An undeclared column is reported once, on the header.
    if (!definition) continue;
    const parsed = parseAttributeValue(definition, row.values[column] ?? '');
    if ('error' in parsed) errors.push({ row: row.line, field: column, message: parsed.error });
    else if (parsed.values.length > 0) values.set(column, parsed.values);
  }
  return values;
}

export interface ContactImportReport {
  imported: boolean;
  rows: number;
  contacts_created: number;
  contacts_updated: number;
  consents_granted: number;
  declared: string[];
}

const contactColumns = new Set(['email', 'name', 'consent']);

/**
 * Imports contacts: `email` (required), `name`, `consent` (panels by id or name, `;` between
 * them: the consent `panel:<id>` with source `csv`) and any declared attribute. Unknown columns
 * are an error unless `autoDeclare` declares them as text. With `dryRun`, checks and reports only.
 */
export async function importContacts(
  context: AppContext,
  principal: Principal,
  input: { csv: string; autoDeclare: boolean; dryRun: boolean },
): Promise<ContactImportReport> {
  const organisationId = principal.organisationId;
  const { db } = context.database;
  const errors: RowError[] = [];
  const { columns, rows } = parseImportCsv(input.csv, ['email'], maxContactRows, errors);
  const definitions = await keyDefinitionsOf(db, organisationId);
  const unknown = columns.filter(
    (column) => !contactColumns.has(column) && !definitions.has(column),
  );
  for (const column of unknown) {
    if (!input.autoDeclare) {
      errors.push({
        row: 1,
        field: column,
        message: 'no attribute has this key: declare it first, or import with auto-declare',
      });
    } else if (!/^[a-z][a-z0-9_]{0,62}$/.test(column)) {
      errors.push({
        row: 1,
        field: column,
        message: 'cannot declare: use lower-case letters, digits and _, starting with a letter',
      });
    } else {
      definitions.set(column, { type: 'text', options: [] });
    }
  }
  const attributeColumns = columns.filter((column) => !contactColumns.has(column));
  const panels = await listPanelRows(db, organisationId);
  const panelByName = new Map(panels.map((panel) => [panel.name, Number(panel.id)]));
  const panelIds = new Set(panels.map((panel) => Number(panel.id)));
  const seen = new Map<string, number>();
  const checked = rows.map((row) => {
    const email = checkEmail(row, seen, errors);
    const name = checkName(row, false, errors);
    const attributes = checkAttributes(row, attributeColumns, definitions, errors);
    const consent: number[] = [];
    for (const part of (row.values.consent ?? '').split(';').map((value) => value.trim())) {
      if (part === '') continue;
      const id =
        /^\d+$/.test(part) && panelIds.has(Number(part)) ? Number(part) : panelByName.get(part);
      if (id === undefined) {
        errors.push({ row: row.line, field: 'consent', message: `no panel "${part}"` });
      } else consent.push(id);
    }
    return { email, name, attributes, consent };
  });
  if (errors.length > 0) throw rejected(errors);
  const report: ContactImportReport = {
    imported: false,
    rows: rows.length,
    contacts_created: 0,
    contacts_updated: 0,
    consents_granted: 0,
    declared: input.autoDeclare ? unknown : [],
  };
  if (input.dryRun) return report;
  return withTransaction(context.database, async (trx) => {
    for (const key of report.declared) {
      await declareAttribute(trx, principal, {
        key,
        label: key,
        type: 'text',
        options: [],
        source: 'csv',
      });
    }
    const at = Date.now();
    for (const row of checked) {
      const { contactId, created } = await contactForEmail(
        trx,
        organisationId,
        row.email as string,
        row.name,
        at,
      );
      if (created) report.contacts_created++;
      else report.contacts_updated++;
      await writeAttributes(trx, organisationId, contactId, row.attributes, at);
      for (const panelId of row.consent) {
        const result = await grantConsent(trx, {
          organisationId,
          contactId,
          purpose: `panel:${panelId}`,
          source: 'csv',
          at,
        });
        if (result.granted) report.consents_granted++;
      }
    }
    report.imported = true;
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'people.contacts_imported',
      subjectType: 'organisation',
      subjectId: organisationId,
      changes: { ...report },
    });
    return report;
  });
}

async function writeAttributes(
  trx: Kysely<Database>,
  organisationId: number,
  contactId: number,
  attributes: RuleAttributes,
  at: number,
) {
  // An empty cell leaves the value alone: a partial file never erases what it does not name.
  for (const [key, values] of attributes) {
    await replaceAttributeValues(trx, organisationId, contactId, key, values, at);
  }
}

export interface MemberImportReport {
  imported: boolean;
  rows: number;
  /** Members whose e-mail already named a contact (a customer): one person, now linked. */
  linked_to_existing_contact: number;
  invitations: Array<{ email: string } & Omit<DeliveredLink, 'userId'>>;
}

const memberColumns = ['name', 'email', 'department', 'location', 'team'];

/**
 * Imports members (employees who take part in consultations): each becomes a user with the role
 * `member`, invited by a one-time link to set a password, linked to the contact of their e-mail
 * (an existing customer stays one person), with department and location as attributes and, when
 * `team` names a team, a member of it.
 */
export async function importMembers(
  context: AppContext,
  principal: Principal,
  input: { csv: string; dryRun: boolean },
): Promise<MemberImportReport> {
  const organisationId = principal.organisationId;
  const { db } = context.database;
  const errors: RowError[] = [];
  const { columns, rows } = parseImportCsv(input.csv, ['name', 'email'], maxMemberRows, errors);
  for (const column of columns) {
    if (!memberColumns.includes(column)) {
      errors.push({
        row: 1,
        field: column,
        message: `unknown column (use ${memberColumns.join(', ')})`,
      });
    }
  }
  const definitions = await keyDefinitionsOf(db, organisationId);
  const toDeclare = ['department', 'location'].filter(
    (key) => columns.includes(key) && !definitions.has(key),
  );
  for (const key of toDeclare) definitions.set(key, { type: 'text', options: [] });
  const attributeColumns = ['department', 'location'].filter((key) => columns.includes(key));
  const teams = new Map(
    (await listTeams(db, organisationId)).map((team) => [team.name, Number(team.id)]),
  );
  const seen = new Map<string, number>();
  const checked: {
    email: string;
    name: string;
    attributes: Map<string, string[]>;
    teamId: number | null;
  }[] = [];
  for (const row of rows) {
    const email = checkEmail(row, seen, errors);
    const name = checkName(row, true, errors);
    if (email && (await findUserByEmail(db, normaliseEmail(email)))) {
      errors.push({
        row: row.line,
        field: 'email',
        message: 'a user with this e-mail already exists',
      });
    }
    const attributes = checkAttributes(row, attributeColumns, definitions, errors);
    const teamName = (row.values.team ?? '').trim();
    const teamId = teamName === '' ? null : (teams.get(teamName) ?? null);
    if (teamName !== '' && teamId === null) {
      errors.push({ row: row.line, field: 'team', message: `no team "${teamName}"` });
    }
    checked.push({ email: email as string, name: name as string, attributes, teamId });
  }
  if (errors.length > 0) throw rejected(errors);
  const report: MemberImportReport = {
    imported: false,
    rows: rows.length,
    linked_to_existing_contact: 0,
    invitations: [],
  };
  if (input.dryRun) return report;
  // One hash of a password nobody knows serves every row: hashing is slow by design, and the
  // password is never used (each member sets their own through the link).
  const passwordHash = await hashPassword(generatePassword());
  const invited = await withTransaction(context.database, async (trx) => {
    for (const key of toDeclare) {
      await declareAttribute(trx, principal, {
        key,
        label: key === 'department' ? 'Department' : 'Location',
        type: 'text',
        options: [],
        source: 'system',
      });
    }
    const at = Date.now();
    const created = [];
    for (const row of checked) {
      const { userId, issued } = await createInvitedUser(trx, context, principal, {
        email: row.email,
        name: row.name,
        role: 'member',
        passwordHash,
      });
      const before = await findContactByEmail(trx, organisationId, emailKeyOf(row.email));
      const contactId = await ensureContactForUser(trx, organisationId, userId);
      if (before !== undefined) report.linked_to_existing_contact++;
      await writeAttributes(trx, organisationId, contactId, row.attributes, at);
      if (row.teamId !== null)
        await insertTeamMembership(trx, organisationId, row.teamId, userId, at);
      created.push({ userId, email: normaliseEmail(row.email), issued });
    }
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'people.members_imported',
      subjectType: 'organisation',
      subjectId: organisationId,
      changes: { rows: rows.length, linked_to_existing_contact: report.linked_to_existing_contact },
    });
    return created;
  });
  report.imported = true;
  for (const one of invited) {
    const { userId: _userId, ...delivered } = await deliverInvitation(context, principal, one);
    report.invitations.push({ email: one.email, ...delivered });
  }
  return report;
}
