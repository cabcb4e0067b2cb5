import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

/** Invented customer messages for the listening tests (no real customer text). */
/** Three invented topics, eight phrasings each, interleaved as they would arrive. */
export const topics = {
  fee: [
    'why is there a new overdraft fee on my account',
    'the overdraft fee is a scandal',
    'another overdraft fee charged without warning',
    'remove this overdraft fee now',
    'overdraft fee again this month',
    'who decided on an overdraft fee for students',
    'overdraft fee doubled, unbelievable',
    'I was hit by the overdraft fee twice',
  ],
  app: [
    'the mobile app crashes when I log in',
    'app crashes on login since the update',
    'your app keeps crashing at login',
    'login crashes the app every time',
    'mobile app crash after update, cannot login',
    'the app crashes before the login screen',
    'app crashing on login again',
    'crashes at login on the mobile app',
  ],
  card: [
    'my debit card was declined at the shop',
    'card declined again at checkout',
    'debit card declined for no reason',
    'why is my card declined abroad',
    'declined debit card at the petrol station',
    'card keeps being declined online',
    'my card got declined twice today',
    'debit card declined in the supermarket',
  ],
};

/**
 * What listening has added up, for exactly-once checks: theme rows (every listened message has
 * one), themed messages, the hourly volumes and theme counters (each should equal the messages
 * listened to), fingerprints and near-duplicate clusters.
 */
export async function listeningCounts(db: Kysely<Database>) {
  const number = (value: unknown) => Number(value ?? 0);
  const themed = await db
    .selectFrom('theme_messages')
    .select((eb) => [
      eb.fn.countAll().as('rows'),
      eb.fn.count('theme_id').as('with_theme'),
      eb.fn.count('message_id').distinct().as('distinct'),
    ])
    .executeTakeFirstOrThrow();
  const volume = await db
    .selectFrom('listening_volume_hourly')
    .select((eb) => eb.fn.sum('message_count').as('messages'))
    .executeTakeFirstOrThrow();
  const themes = await db
    .selectFrom('themes')
    .select((eb) => eb.fn.sum('message_count').as('messages'))
    .where('status', '!=', 'merged')
    .executeTakeFirstOrThrow();
  const fingerprints = await db
    .selectFrom('message_fingerprints')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const clusters = await db
    .selectFrom('duplicate_clusters')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.sum('message_count').as('messages')])
    .executeTakeFirstOrThrow();
  return {
    themeRows: number(themed.rows),
    distinctThemeRows: number(themed.distinct),
    themedMessages: number(themed.with_theme),
    volumeMessages: number(volume.messages),
    themeCounters: number(themes.messages),
    fingerprints: number(fingerprints.count),
    clusters: number(clusters.count),
    clusterMessages: number(clusters.messages),
  };
}
