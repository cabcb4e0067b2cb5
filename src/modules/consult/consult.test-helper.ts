import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../platform/database/schema.js';
import type { SignedIn } from '../../test/http.js';
import type { TestRuntime } from '../../test/test-runtime.js';
import { replaceAttributeValues } from '../people/index.js';

export interface Person extends SignedIn {
  userId: number;
  contactId: number;
}

/** A signed-in user with a contact carrying the given attributes. */
export async function person(
  _app: FastifyInstance,
  runtime: TestRuntime,
  role: Role,
  attributes: Record<string, string> = {},
): Promise<Person> {
  const db = runtime.database.db;
  const now = Date.now();
  const signed = await quickSession(runtime, role, now);
  const user = { id: signed.userId };
  const contact = await db
    .insertInto('contacts')
    .values({
      organisation_id: runtime.organisationId,
      name: `Person ${user.id}`,
      merged_into_id: null,
      tier: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('users').set({ contact_id: contact.id }).where('id', '=', user.id).execute();
  for (const [key, value] of Object.entries(attributes)) {
    await replaceAttributeValues(db, runtime.organisationId, contact.id, key, [value], now);
  }
  return { ...signed, contactId: contact.id };
}

/**
 * A user with a session written directly: signing in twenty members through the password hash
 * takes a minute on a busy machine, and sign-in is tested by the auth module.
 */
async function quickSession(
  runtime: TestRuntime,
  role: Role,
  now: number,
): Promise<SignedIn & { userId: number; email: string }> {
  const db = runtime.database.db;
  const email = `${role}-${randomBytes(6).toString('hex')}@example.com`;
  const user = await db
    .insertInto('users')
    .values({
      organisation_id: runtime.organisationId,
      email,
      name: `Test ${role}`,
      role,
      password_hash: 'not-a-hash',
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = randomBytes(24).toString('hex');
  const csrf = randomBytes(16).toString('hex');
  await db
    .insertInto('sessions')
    .values({
      id: createHash('sha256').update(token).digest('hex'),
      user_id: user.id,
      csrf_token: csrf,
      created_at: now,
      expires_at: now + 86_400_000,
      last_seen_at: now,
      user_agent: null,
      ip_address: null,
    })
    .execute();
  return { cookie: `hearken_session=${token}`, csrf, userId: user.id, email };
}

export function caller(app: FastifyInstance) {
  return (
    who: SignedIn | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    app.inject({
      method,
      url,
      headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
      ...(payload ? { payload } : {}),
    });
}

export const day = 86_400_000;

/** The stance answer (plus optional others) for a ring's questions. */
export function stanceAnswer(
  questions: { id: number; kind: string }[],
  stance: string,
  reason: string,
  extra: Record<number, object> = {},
) {
  const stanceQuestion = questions.find((question) => question.kind === 'stance');
  if (!stanceQuestion) throw new Error('no stance question');
  return [
    { question_id: stanceQuestion.id, stance, reason },
    ...Object.entries(extra).map(([id, value]) => ({ question_id: Number(id), ...value })),
  ];
}
