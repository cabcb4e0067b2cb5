import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import {
  clustersWithAuthors,
  findFingerprintsSharingBands,
  growClusters,
  insertDuplicateClusters,
  insertFingerprints,
  linkFingerprintsToClusters,
  type NewDuplicateCluster,
} from './near-duplicate.repository.js';
import {
  bands,
  hammingDistance,
  maximumDuplicateDistance,
  type Simhash,
  simhash,
} from './simhash.js';

type Db = Kysely<Database>;

export interface FingerprintInput {
  messageId: number;
  text: string;
  authorKey: string;
  createdAt: number;
  themeId: number | null;
}

interface Fingerprint {
  messageId: number;
  hash: Simhash;
  clusterId: number | null;
  authorKey: string;
  createdAt: number;
  /** False for an exact copy stored without band values (see `unindexedBand`): never a best. */
  indexed: boolean;
}

/** Copies are looked for among messages of the last 30 days: campaigns are bursts. */
const lookbackMilliseconds = 30 * 24 * 3_600_000;

/**
 * Band value stored for an exact copy (same hash, same cluster) of a fingerprint stored less than
 * half the look-back earlier: the band lookups never match it (real bands are 0..65535). A copy
 * adds nothing a lookup needs, since whatever is within 3 bits of it is within 3 bits of the
 * fingerprint it copies, in the same cluster; without this, each message of a campaign read
 * every earlier copy four times over, and the lookup grew with the campaign (and in the
 * benchmark, whose texts repeat, with the history). The half look-back keeps an indexed copy of
 * a long campaign in every window: the first copy after that age is indexed again.
 */
export const unindexedBand = -1;

/**
 * Fingerprints the batch's messages and joins each to the near-duplicate cluster of the closest
 * earlier message within 3 bits (from the database through the band indexes, or earlier in the
 * same batch). A cluster is created when a message's first copy arrives.
 */
export async function fingerprintMessages(
  db: Db,
  organisationId: number,
  inputs: FingerprintInput[],
): Promise<void> {
  const hashed = inputs
    .map((input) => ({ input, hash: simhash(input.text) }))
    .filter((entry): entry is { input: FingerprintInput; hash: Simhash } => entry.hash !== null);
  if (hashed.length === 0) return;
  const known = await findCandidates(db, organisationId, hashed);
  const byBand = new Map<string, Fingerprint[]>();
  const index = (fingerprint: Fingerprint) => {
    for (const [position, value] of bands(fingerprint.hash).entries()) {
      const key = `${position}:${value}`;
      const list = byBand.get(key) ?? [];
      list.push(fingerprint);
      byBand.set(key, list);
    }
  };
  for (const fingerprint of known) index(fingerprint);

  const touchedClusters = new Map<
    number,
    { added: number; lastAt: number; themeId: number | null; authors: Set<string> }
  >();
  // Clusters this batch creates, with the author of the message each was created for.
  const created = new Map<number, string>();
  const stored = new Set(known.map((fingerprint) => fingerprint.messageId));
  const placed: { input: FingerprintInput; fingerprint: Fingerprint }[] = [];
  // [message id, cluster id] of stored fingerprints that just got a cluster.
  const relinked: [number, number][] = [];
  // Clusters this batch creates, under provisional negative ids until one multi-row insert
  // after the loop gives them their real ones.
  const pending = new Map<number, NewDuplicateCluster>();
  for (const { input, hash } of hashed) {
    let best: Fingerprint | null = null;
    let bestDistance = maximumDuplicateDistance + 1;
    for (const [position, value] of bands(hash).entries()) {
      for (const candidate of byBand.get(`${position}:${value}`) ?? []) {
        const distance = hammingDistance(hash, candidate.hash);
        // Among equally close members of one cluster, the most recent (it decides whether this
        // message, an exact copy, needs indexing; the cluster is the same either way).
        if (
          distance < bestDistance ||
          (distance === bestDistance &&
            best !== null &&
            best.clusterId !== null &&
            candidate.clusterId === best.clusterId &&
            candidate.createdAt > best.createdAt)
        ) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    let clusterId: number | null = null;
    if (best) {
      if (best.clusterId === null) {
        best.clusterId = -(pending.size + 1);
        pending.set(best.clusterId, {
          organisationId,
          themeId: input.themeId,
          firstMessageId: best.messageId,
          copyCreatedAt: input.createdAt,
        });
        created.set(best.clusterId, best.authorKey);
        // A copy of a message of this batch: its row is written below, with the cluster.
        if (stored.has(best.messageId)) {
          relinked.push([best.messageId, best.clusterId]);
        }
      }
      clusterId = best.clusterId;
      const touched = touchedClusters.get(clusterId) ?? {
        added: 0,
        lastAt: 0,
        themeId: null,
        authors: new Set<string>(),
      };
      touched.added++;
      touched.lastAt = Math.max(touched.lastAt, input.createdAt);
      touched.themeId = input.themeId ?? touched.themeId;
      touched.authors.add(input.authorKey);
      touchedClusters.set(clusterId, touched);
    }
    const fingerprint: Fingerprint = {
      messageId: input.messageId,
      hash,
      clusterId,
      authorKey: input.authorKey,
      createdAt: input.createdAt,
      indexed: !(
        best !== null &&
        bestDistance === 0 &&
        best.createdAt >= input.createdAt - lookbackMilliseconds / 2
      ),
    };
    if (fingerprint.indexed) index(fingerprint);
    placed.push({ input, fingerprint });
  }
  const realIds = await insertDuplicateClusters(db, [...pending.values()]);
  const real = (clusterId: number): number => {
    if (clusterId >= 0) return clusterId;
    const cluster = pending.get(clusterId);
    const id = cluster === undefined ? undefined : realIds.get(cluster.firstMessageId);
    if (id === undefined) throw new Error(`near-duplicate cluster ${clusterId} was not created`);
    return id;
  };
  for (const { fingerprint } of placed) {
    if (fingerprint.clusterId !== null) fingerprint.clusterId = real(fingerprint.clusterId);
  }
  for (const link of relinked) link[1] = real(link[1]);
  const touchedReal = new Map([...touchedClusters].map(([id, growth]) => [real(id), growth]));
  const createdClusters = new Map([...created].map(([id, author]) => [real(id), author]));
  // Authors each touched cluster gains: those not already among its stored fingerprints (read
  // before this batch's rows are written), rather than recounting every member of the cluster.
  const newAuthors = await countNewAuthors(db, touchedReal, createdClusters);
  const rows = placed.map(({ input, fingerprint }) => {
    const [band0, band1, band2, band3] = fingerprint.indexed
      ? bands(fingerprint.hash)
      : [unindexedBand, unindexedBand, unindexedBand, unindexedBand];
    return {
      message_id: input.messageId,
      organisation_id: organisationId,
      hash_high: fingerprint.hash.high,
      hash_low: fingerprint.hash.low,
      band0,
      band1,
      band2,
      band3,
      author_key: input.authorKey,
      cluster_id: fingerprint.clusterId,
      created_at: input.createdAt,
    };
  });
  await insertFingerprints(db, rows);
  // One statement per 200 rows rather than one per fingerprint and cluster (the author count
  // reads the rows written above, so it comes last).
  await linkFingerprintsToClusters(db, relinked);
  await growClusters(
    db,
    [...touchedReal].map(([id, touched]) => ({
      id,
      added: touched.added,
      lastAt: touched.lastAt,
      themeId: touched.themeId,
      newAuthors: newAuthors.get(id) ?? 0,
    })),
  );
}

/**
 * Per touched cluster, how many of the batch's authors it did not have. A cluster created in this
 * batch has no stored members yet and was created counting its first message's author; a cluster
 * stored before has its authors among its fingerprints, found through the (cluster, author)
 * index.
 */
async function countNewAuthors(
  db: Db,
  touchedClusters: Map<number, { authors: Set<string> }>,
  created: Map<number, string>,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const pairs: [number, string][] = [];
  for (const [id, { authors }] of touchedClusters) {
    const first = created.get(id);
    if (first !== undefined) {
      counts.set(id, [...authors].filter((author) => author !== first).length);
      continue;
    }
    counts.set(id, authors.size);
    for (const author of authors) pairs.push([id, author]);
  }
  for (const id of await clustersWithAuthors(db, pairs)) {
    counts.set(id, (counts.get(id) ?? 0) - 1);
  }
  return counts;
}

async function findCandidates(
  db: Db,
  organisationId: number,
  hashed: { input: FingerprintInput; hash: Simhash }[],
): Promise<Fingerprint[]> {
  const since = Math.min(...hashed.map((entry) => entry.input.createdAt)) - lookbackMilliseconds;
  const found = new Map<number, Fingerprint>();
  const stored = await findFingerprintsSharingBands(
    db,
    organisationId,
    hashed.map((entry) => bands(entry.hash)),
    since,
  );
  for (const row of stored) {
    found.set(row.messageId, {
      messageId: row.messageId,
      hash: { high: row.high, low: row.low },
      clusterId: row.clusterId,
      authorKey: row.authorKey,
      createdAt: row.createdAt,
      indexed: true,
    });
  }
  return [...found.values()];
}
