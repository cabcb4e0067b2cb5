import type { AppContext } from '../../platform/context.js';
import { createUser, generatePassword, listUsers } from '../auth/index.js';
import {
  findOrganisation,
  firstOrganisation,
  insertOrganisation,
} from './organisation.repository.js';

/** The instance's organisation, created on first use (any command may be the first). */
export async function ensureOrganisation(context: AppContext, name = 'My organisation') {
  const existing = await firstOrganisation(context.database.db);
  if (existing) return existing.id;
  return insertOrganisation(context.database.db, name);
}

/** The organisation with this id, if there is one (for commands given an id). */
export async function organisationById(context: AppContext, id: number) {
  return findOrganisation(context.database.db, id);
}

/**
 * Creates the first admin when the organisation has no admin yet (it may have users already:
 * `hearken demo` run before the first start creates the demo's agents). The generated password
 * is returned to be shown once to whoever started the server; it is never logged.
 */
export async function ensureFirstAdmin(
  context: AppContext,
  organisationId: number,
  email: string,
): Promise<{ email: string; password: string } | null> {
  const users = await listUsers(context.database.db, organisationId);
  if (users.some((user) => user.role === 'admin')) return null;
  const password = generatePassword();
  await createUser(
    context,
    organisationId,
    { email, name: 'Administrator', role: 'admin', password },
    null,
  );
  return { email, password };
}
