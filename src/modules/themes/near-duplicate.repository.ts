import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';
import {
  type ValuesType,
  valuesChunkSize,
  valuesTable,
} from '../../platform/database/values-table.js';

/**
 * The near-duplicate fingerprints and clusters (message_fingerprints, duplicate_clusters). On the
 * listen job's hot path: each write is one statement per chunk of rows, never one per row.
 */
type Db = Kysely<Database>;

export interface StoredFingerprint {
  messageId: number;
  high: number;
  low: number;
  clusterId: number | null;
  authorKey: string;
  createdAt: number;
}

const bandColumns = ['band0', 'band1', 'band2', 'band3'] as const;

/** Band lookups per statement. */
const bandsPerLookup = 250;

/**
 * Stored fingerprints since `since` that share at least one band value with one of `bands`
 * (each the four band values of a hash). A fingerprint may come back more than once.
 */
export async function findFingerprintsSharingBands(
  db: Db,
  organisationId: number,
  bands: readonly (readonly number[])[],
  since: number,
): Promise<StoredFingerprint[]> {
  const found: StoredFingerprint[] = [];
  for (const chunk of chunksOf(bands, bandsPerLookup)) {
    // One branch per band, each an equality search of its (organisation, band, created_at)
    // index. Written as one OR of four IN lists, SQLite (no statistics) walked every fingerprint
    // of the organisation through one of the indexes, per statement.
    const branch = (position: 0 | 1 | 2 | 3) =>
      db
        .selectFrom('message_fingerprints')
        .select(['message_id', 'hash_high', 'hash_low', 'cluster_id', 'author_key', 'created_at'])
        .where('organisation_id', '=', organisationId)
        .where(bandColumns[position], 'in', [
          ...new Set(chunk.map((value) => value[position] ?? 0)),
        ])
        .where('created_at', '>=', since);
    const rows = await branch(0)
      .unionAll(branch(1))
      .unionAll(branch(2))
      .unionAll(branch(3))
      .execute();
    for (const row of rows) {
      found.push({
        messageId: row.message_id,
        high: Number(row.hash_high),
        low: Number(row.hash_low),
        clusterId: row.cluster_id,
        authorKey: row.author_key,
        createdAt: Number(row.created_at),
      });
    }
  }
  return found;
}

export interface NewDuplicateCluster {
  organisationId: number;
  themeId: number | null;
  firstMessageId: number;
  copyCreatedAt: number;
}

/**
 * Creates the clusters of the messages' first copies, one multi-row statement per chunk, and
 * returns each cluster's id by its first message (a message is the first of one cluster at most,
 * so no reliance on the order RETURNING gives). A cluster's first-seen time is the first
 * message's when that is stored (read in the same statement), else the copy's.
 */
export async function insertDuplicateClusters(
  db: Db,
  clusters: readonly NewDuplicateCluster[],
): Promise<Map<number, number>> {
  const idOf = new Map<number, number>();
  for (const chunk of chunksOf(clusters, 400)) {
    const rows = await db
      .insertInto('duplicate_clusters')
      .values(
        chunk.map((cluster) => ({
          organisation_id: cluster.organisationId,
          theme_id: cluster.themeId,
          representative_message_id: cluster.firstMessageId,
          // The first message; the copy is counted with the other copies of the batch.
          message_count: 1,
          author_count: 1,
          first_seen_at: sql<number>`coalesce((select created_at from message_fingerprints where message_id = ${cluster.firstMessageId}), ${cluster.copyCreatedAt})`,
          last_seen_at: cluster.copyCreatedAt,
        })),
      )
      .returning(['id', 'representative_message_id'])
      .execute();
    for (const row of rows) idOf.set(Number(row.representative_message_id), row.id);
  }
  return idOf;
}

export interface FingerprintRow {
  message_id: number;
  organisation_id: number;
  hash_high: number;
  hash_low: number;
  band0: number;
  band1: number;
  band2: number;
  band3: number;
  author_key: string;
  cluster_id: number | null;
  created_at: number;
}

/** Stores fingerprints; a message fingerprinted before keeps its row. */
export async function insertFingerprints(db: Db, rows: readonly FingerprintRow[]): Promise<void> {
  for (const chunk of chunksOf(rows, 500)) {
    await db
      .insertInto('message_fingerprints')
      .values(chunk)
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .execute();
  }
}

const relinkColumns: { name: string; type: ValuesType }[] = [
  { name: 'message_id', type: 'bigint' },
  { name: 'cluster_id', type: 'bigint' },
];

/** Puts stored fingerprints ([message id, cluster id]) into the clusters they just got. */
export async function linkFingerprintsToClusters(
  db: Db,
  links: readonly [number, number][],
): Promise<void> {
  for (const chunk of chunksOf(links, valuesChunkSize)) {
    await sql`with ${valuesTable('v', relinkColumns, chunk)}
      update message_fingerprints set cluster_id = v.cluster_id
      from v where message_fingerprints.message_id = v.message_id`.execute(db);
  }
}

export interface ClusterGrowth {
  id: number;
  added: number;
  lastAt: number;
  themeId: number | null;
  newAuthors: number;
}

const clusterColumns: { name: string; type: ValuesType }[] = [
  { name: 'id', type: 'bigint' },
  { name: 'added', type: 'bigint' },
  { name: 'last_at', type: 'bigint' },
  { name: 'theme_id', type: 'bigint' },
  { name: 'new_authors', type: 'bigint' },
];

/** Adds a batch's copies to their clusters' counters (a cluster keeps its first theme). */
export async function growClusters(db: Db, growth: readonly ClusterGrowth[]): Promise<void> {
  const rows = growth.map((cluster) => [
    cluster.id,
    cluster.added,
    cluster.lastAt,
    cluster.themeId,
    cluster.newAuthors,
  ]);
  for (const chunk of chunksOf(rows, valuesChunkSize)) {
    await sql`with ${valuesTable('v', clusterColumns, chunk)}
      update duplicate_clusters set
        message_count = duplicate_clusters.message_count + v.added,
        last_seen_at = case when duplicate_clusters.last_seen_at < v.last_at
          then v.last_at else duplicate_clusters.last_seen_at end,
        author_count = duplicate_clusters.author_count + v.new_authors,
        theme_id = coalesce(duplicate_clusters.theme_id, v.theme_id)
      from v where duplicate_clusters.id = v.id`.execute(db);
  }
}

const pairColumns: { name: string; type: ValuesType }[] = [
  { name: 'cluster_id', type: 'bigint' },
  { name: 'author_key', type: 'text' },
];

/**
 * Of the [cluster id, author key] pairs, the cluster ids of those whose author already has a
 * fingerprint in the cluster (through the (cluster, author) index), one per such pair.
 */
export async function clustersWithAuthors(
  db: Db,
  pairs: readonly [number, string][],
): Promise<number[]> {
  const found: number[] = [];
  for (const chunk of chunksOf(pairs, valuesChunkSize)) {
    const known = await sql<{ cluster_id: number }>`with ${valuesTable('v', pairColumns, chunk)}
      select v.cluster_id from v where exists (select 1 from message_fingerprints f
        where f.cluster_id = v.cluster_id and f.author_key = v.author_key)`.execute(db);
    for (const row of known.rows) found.push(Number(row.cluster_id));
  }
  return found;
}
