import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Database, Stance } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../auth/index.js';
import { managedConsultation } from './access.service.js';
import { parseAudience } from './audience.js';
import { resolveAudience } from './audience.service.js';
import { type QuestionRow, questionsOfRings, type RingRow } from './consult.repository.js';
import { stances } from './consult-input.js';
import {
  attributeType,
  choiceCounts,
  scaleSums,
  stanceCounts,
  weightedStances,
} from './results.repository.js';
import { fisherExact, meanInterval } from './statistics.js';

/** Segments with fewer people than this are merged into "other": no one's answer can be inferred. */
export const smallestSegment = 5;
export const otherSegment = 'other';
/** Default difference in support share (0..1) two segments must show for a divergence alert. */
export const defaultDivergenceThreshold = 0.2;

type StanceSplit = Record<Stance, number>;

const emptySplit = (): StanceSplit => ({
  support: 0,
  support_with_changes: 0,
  oppose: 0,
  block: 0,
});
const total = (split: StanceSplit) => stances.reduce((sum, stance) => sum + split[stance], 0);
const supporting = (split: StanceSplit) => split.support + split.support_with_changes;
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export interface ResultOptions {
  segmentKey: string | null;
  weightKey: string | null;
  threshold: number;
}

export interface Divergence {
  a: string;
  b: string;
  support_a: number;
  support_b: number;
  difference: number;
  p_value: number;
  alert: boolean;
}

/** Two-segment comparisons of support (support + support with changes vs the rest), Fisher's exact. */
export function divergences(
  segments: { segment: string; split: StanceSplit }[],
  threshold: number,
): Divergence[] {
  const named = segments.filter(
    (segment) => segment.segment !== otherSegment && total(segment.split) > 0,
  );
  const result: Divergence[] = [];
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i] as (typeof named)[number];
      const b = named[j] as (typeof named)[number];
      const supportA = supporting(a.split);
      const supportB = supporting(b.split);
      const totalA = total(a.split);
      const totalB = total(b.split);
      const p = fisherExact(supportA, totalA - supportA, supportB, totalB - supportB);
      const difference = Math.abs(supportA / totalA - supportB / totalB);
      result.push({
        a: a.segment,
        b: b.segment,
        support_a: supportA / totalA,
        support_b: supportB / totalB,
        difference,
        p_value: p,
        alert: p < 0.05 && difference >= threshold,
      });
    }
  }
  return result.sort((x, y) => x.p_value - y.p_value);
}

/** segment → merged segment name, merging the small ones into "other". */
function segmentMap(counts: Map<string, number>): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const [segment, count] of counts) {
    mapping.set(segment, count < smallestSegment ? otherSegment : segment);
  }
  return mapping;
}

export async function ringResults(
  db: Kysely<Database>,
  organisationId: number,
  ring: RingRow,
  questions: QuestionRow[],
  options: ResultOptions,
) {
  const audience = await resolveAudience(db, organisationId, parseAudience(ring.audience), {
    at: Date.now(),
  });
  const overall = emptySplit();
  for (const row of await stanceCounts(db, organisationId, ring.id, null)) {
    overall[row.stance as Stance] += row.count;
  }
  const responses = total(overall);
  const result = {
    ring_id: ring.id,
    name: ring.name,
    ordinal: ring.ordinal,
    round: ring.round,
    state: ring.state,
    audience_size: audience.everyone ? null : audience.size,
    responses,
    turnout: audience.everyone ? null : share(responses, audience.size),
    quorum: ring.quorum,
    quorum_met: responses >= ring.quorum,
    stance: overall,
    support_share: share(supporting(overall), responses),
    weighted: null as null | {
      key: string;
      stance: StanceSplit;
      support_share: number | null;
      weighed: number;
    },
    segment_key: options.segmentKey,
    segments: [] as {
      segment: string;
      responses: number;
      stance: StanceSplit;
      support_share: number | null;
    }[],
    divergences: [] as Divergence[],
    questions: [] as {
      question_id: number;
      kind: string;
      prompt: string;
      scale: { count: number; mean: number | null; low: number | null; high: number | null } | null;
      choices: { option: string; count: number }[];
      segments: {
        segment: string;
        scale: {
          count: number;
          mean: number | null;
          low: number | null;
          high: number | null;
        } | null;
        choices: { option: string; count: number }[];
      }[];
    }[],
  };

  if (options.weightKey) {
    const weights = emptySplit();
    let weighed = 0;
    for (const row of await weightedStances(db, organisationId, ring.id, options.weightKey)) {
      weights[row.stance as Stance] += row.weight;
      weighed += row.weighed;
    }
    result.weighted = {
      key: options.weightKey,
      stance: weights,
      support_share: share(supporting(weights), total(weights)),
      weighed,
    };
  }

  let mapping = new Map<string, string>();
  if (options.segmentKey) {
    const bySegment = new Map<string, StanceSplit>();
    const raw = await stanceCounts(db, organisationId, ring.id, options.segmentKey);
    const sizes = new Map<string, number>();
    for (const row of raw) sizes.set(row.segment, (sizes.get(row.segment) ?? 0) + row.count);
    mapping = segmentMap(sizes);
    for (const row of raw) {
      const name = mapping.get(row.segment) ?? otherSegment;
      const split = bySegment.get(name) ?? emptySplit();
      split[row.stance as Stance] += row.count;
      bySegment.set(name, split);
    }
    result.segments = [...bySegment]
      .map(([segment, split]) => ({
        segment,
        responses: total(split),
        stance: split,
        support_share: share(supporting(split), total(split)),
      }))
      .sort((a, b) =>
        a.segment === otherSegment
          ? 1
          : b.segment === otherSegment
            ? -1
            : b.responses - a.responses,
      );
    result.divergences = divergences(
      result.segments.map((segment) => ({ segment: segment.segment, split: segment.stance })),
      options.threshold,
    );
  }

  const scales = await scaleSums(db, organisationId, ring.id, null);
  const choices = await choiceCounts(db, organisationId, ring.id, null);
  const segmentedScales = options.segmentKey
    ? await scaleSums(db, organisationId, ring.id, options.segmentKey)
    : [];
  const segmentedChoices = options.segmentKey
    ? await choiceCounts(db, organisationId, ring.id, options.segmentKey)
    : [];
  for (const question of questions) {
    if (question.kind === 'stance' || question.kind === 'text') continue;
    const scale = scales.find((row) => row.question_id === question.id);
    const segments = new Map<
      string,
      { count: number; sum: number; squares: number; choices: Map<string, number> }
    >();
    const segmentOf = (name: string) => {
      const merged = mapping.get(name) ?? otherSegment;
      let entry = segments.get(merged);
      if (!entry) {
        entry = { count: 0, sum: 0, squares: 0, choices: new Map() };
        segments.set(merged, entry);
      }
      return entry;
    };
    for (const row of segmentedScales.filter((one) => one.question_id === question.id)) {
      const entry = segmentOf(row.segment);
      entry.count += row.count;
      entry.sum += row.sum;
      entry.squares += row.squares;
    }
    for (const row of segmentedChoices.filter((one) => one.question_id === question.id)) {
      const entry = segmentOf(row.segment);
      entry.choices.set(row.option, (entry.choices.get(row.option) ?? 0) + row.count);
    }
    const options = JSON.parse(question.options) as string[];
    const ordered = (counts: Map<string, number>) =>
      options.map((option) => ({ option, count: counts.get(option) ?? 0 }));
    result.questions.push({
      question_id: question.id,
      kind: question.kind,
      prompt: question.prompt,
      scale:
        question.kind === 'scale'
          ? {
              count: scale?.count ?? 0,
              ...meanInterval(scale?.count ?? 0, scale?.sum ?? 0, scale?.squares ?? 0),
            }
          : null,
      choices:
        question.kind === 'scale'
          ? []
          : ordered(
              new Map(
                choices
                  .filter((row) => row.question_id === question.id)
                  .map((row) => [row.option, row.count] as [string, number]),
              ),
            ),
      segments: [...segments].map(([segment, entry]) => ({
        segment,
        scale:
          question.kind === 'scale'
            ? { count: entry.count, ...meanInterval(entry.count, entry.sum, entry.squares) }
            : null,
        choices: question.kind === 'scale' ? [] : ordered(entry.choices),
      })),
    });
  }
  return result;
}

export type RingResults = Awaited<ReturnType<typeof ringResults>>;

/** Results of every ring that has opened, side by side, for the owner. */
export async function consultationResults(
  context: AppContext,
  principal: Principal,
  consultationId: number,
  input: {
    segment?: string | undefined;
    weight?: string | undefined;
    threshold?: number | undefined;
  },
): Promise<RingResults[]> {
  const db = context.database.db;
  const { rings } = await managedConsultation(db, principal, consultationId);
  const options = await resultOptions(db, principal.organisationId, input);
  const shown = rings.filter((ring) => ring.state !== 'draft');
  const questions = await questionsOfRings(
    db,
    shown.map((ring) => ring.id),
  );
  const results: RingResults[] = [];
  for (const ring of shown) {
    results.push(
      await ringResults(
        db,
        principal.organisationId,
        ring,
        questions.filter((question) => question.ring_id === ring.id),
        options,
      ),
    );
  }
  return results;
}

async function resultOptions(
  db: Kysely<Database>,
  organisationId: number,
  input: {
    segment?: string | undefined;
    weight?: string | undefined;
    threshold?: number | undefined;
  },
): Promise<ResultOptions> {
  if (input.weight) {
    const type = await attributeType(db, organisationId, input.weight);
    if (type !== 'number') {
      throw new AppError('validation_failed', 'weights come from a number attribute', [
        { path: 'querystring/weight', message: 'name an attribute of type number' },
      ]);
    }
  }
  return {
    segmentKey: input.segment || null,
    weightKey: input.weight || null,
    threshold: input.threshold ?? defaultDivergenceThreshold,
  };
}
