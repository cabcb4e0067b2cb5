import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { stem, themeTerms } from './text-features.js';
import {
  findListeningState,
  findTheme,
  insertRule,
  insertTheme,
  listThemeMessagesWithText,
  moveThemeData,
  recountThemes,
  renewListeningStateToken,
  setMessageTheme,
  type ThemeRow,
  updateTheme,
} from './theme.repository.js';
import { lockThemes } from './theme-lock.js';
import { forgetThemeState, type StoredCentroids } from './theme-state.js';
import { DocumentFrequencies, vectorise } from './theme-vector.js';
import { applyVolumeDeltas, VolumeDeltas } from './theme-volume.repository.js';

/**
 * Analysts' edits. Each is stored as a rule (theme_rules) and pins the themes it touches, which
 * is what lets it survive re-clustering (see theme-recluster.ts). Every edit changes the
 * listening state token so each process reloads its in-memory themes.
 */
async function editableTheme(db: Kysely<Database>, organisationId: number, id: number) {
  const theme = await findTheme(db, organisationId, id);
  if (!theme || theme.status === 'merged' || theme.status === 'retired') throw notFound('theme');
  return theme;
}

async function invalidate(db: Kysely<Database>, organisationId: number): Promise<void> {
  await renewListeningStateToken(db, organisationId, randomUUID());
  forgetThemeState(organisationId);
}

export async function renameTheme(
  database: DatabaseHandle,
  organisationId: number,
  id: number,
  label: string,
  userId: number | null,
): Promise<void> {
  const trimmed = label.trim();
  if (trimmed === '') throw new AppError('validation_failed', 'label must not be empty');
  await withTransaction(database, async (trx) => {
    await lockThemes(trx, organisationId);
    await editableTheme(trx, organisationId, id);
    const now = Date.now();
    await updateTheme(trx, id, {
      pinned_label: trimmed,
      pinned: 1,
      status: 'active',
      updated_at: now,
    });
    await insertRule(trx, organisationId, 'rename', id, { label: trimmed }, userId, now);
    await invalidate(trx, organisationId);
  });
}

/** Folds `fromIds` into `intoId`; the target keeps their centroids, so the merge sticks. */
export async function mergeThemes(
  database: DatabaseHandle,
  organisationId: number,
  intoId: number,
  fromIds: number[],
  userId: number | null,
): Promise<void> {
  const sources = [...new Set(fromIds)].filter((id) => id !== intoId);
  if (sources.length === 0) {
    throw new AppError('validation_failed', 'name at least one other theme to merge');
  }
  await withTransaction(database, async (trx) => {
    await lockThemes(trx, organisationId);
    const into = await editableTheme(trx, organisationId, intoId);
    const stored = JSON.parse(into.centroids) as StoredCentroids;
    const words = new Map(stored.words);
    const now = Date.now();
    for (const fromId of sources) {
      const from = await editableTheme(trx, organisationId, fromId);
      const fromStored = JSON.parse(from.centroids) as StoredCentroids;
      stored.centroids.push(...fromStored.centroids);
      for (const [word, count] of fromStored.words) words.set(word, (words.get(word) ?? 0) + count);
      await moveThemeData(trx, organisationId, fromId, intoId);
      await updateTheme(trx, fromId, {
        status: 'merged',
        merged_into_id: intoId,
        centroids: '{"centroids":[],"words":[]}',
        updated_at: now,
      });
      await insertRule(
        trx,
        organisationId,
        'merge',
        intoId,
        { from_theme_id: fromId },
        userId,
        now,
      );
    }
    stored.words = [...words].sort((a, b) => b[1] - a[1]).slice(0, 128);
    await updateTheme(trx, intoId, {
      centroids: JSON.stringify(stored),
      pinned: 1,
      status: 'active',
      updated_at: now,
    });
    await recountThemes(trx, organisationId, [intoId], now);
    await invalidate(trx, organisationId);
  });
}

/**
 * Moves the theme's messages that contain any of the keywords into a new theme, and keeps doing
 * so for new messages and after re-clustering (a split rule). Returns the new theme's id.
 */
export async function splitTheme(
  database: DatabaseHandle,
  organisationId: number,
  id: number,
  keywords: string[],
  label: string | undefined,
  userId: number | null,
): Promise<number> {
  const cleaned = [...new Set(keywords.map((keyword) => keyword.trim().toLowerCase()))].filter(
    (keyword) => keyword !== '',
  );
  if (cleaned.length === 0) throw new AppError('validation_failed', 'give at least one keyword');
  const stems = new Set(cleaned.map((keyword) => stem(keyword)));
  return withTransaction(database, async (trx) => {
    await lockThemes(trx, organisationId);
    const parent = await editableTheme(trx, organisationId, id);
    const now = Date.now();
    const state = await findListeningState(trx, organisationId);
    const frequencies = state?.document_frequencies
      ? DocumentFrequencies.deserialise(state.document_frequencies, state.documents)
      : new DocumentFrequencies();
    const childId = await insertTheme(trx, newChild(parent, label ?? cleaned.join(', '), now));
    const messages = await listThemeMessagesWithText(trx, organisationId, id);
    const sums = new Map<number, number>();
    const words = new Map<string, number>();
    const volumes = new VolumeDeltas();
    let moved = 0;
    for (const message of messages) {
      const terms = themeTerms(message.text);
      if (!terms.some((term) => stems.has(term.stem))) continue;
      moved++;
      const vector = vectorise(message.text, frequencies, false);
      vector.buckets.forEach((bucket, index) => {
        sums.set(bucket, (sums.get(bucket) ?? 0) + (vector.weights[index] as number));
      });
      for (const term of new Set(terms.map((t) => t.word)))
        words.set(term, (words.get(term) ?? 0) + 1);
      await setMessageTheme(trx, message.message_id, childId, message.similarity);
      const { created_at: at, channel_account_id: account, sentiment, polarity } = message;
      volumes.add(at, account, id, sentiment, polarity, -1);
      volumes.add(at, account, childId, sentiment, polarity);
    }
    const stored: StoredCentroids = {
      centroids:
        moved === 0
          ? []
          : [
              {
                sums: [...sums].sort((a, b) => b[1] - a[1]).slice(0, 200),
                count: moved,
                lastAt: now,
              },
            ],
      words: [...words].sort((a, b) => b[1] - a[1]).slice(0, 128),
    };
    await updateTheme(trx, childId, { centroids: JSON.stringify(stored) });
    await applyVolumeDeltas(trx, organisationId, volumes.values());
    await updateTheme(trx, id, { pinned: 1, status: 'active', updated_at: now });
    await insertRule(
      trx,
      organisationId,
      'split',
      id,
      { keywords: cleaned, child_theme_id: childId },
      userId,
      now,
    );
    await recountThemes(trx, organisationId, [id, childId], now);
    await invalidate(trx, organisationId);
    return childId;
  });
}

function newChild(parent: ThemeRow, label: string, now: number): Omit<ThemeRow, 'id'> {
  return {
    organisation_id: parent.organisation_id,
    label,
    pinned_label: label,
    status: 'active',
    merged_into_id: null,
    pinned: 1,
    message_count: 0,
    sentiment_sum: 0,
    sentiment_count: 0,
    top_terms: '[]',
    centroids: '{"centroids":[],"words":[]}',
    last_message_at: null,
    created_at: now,
    updated_at: now,
  };
}
