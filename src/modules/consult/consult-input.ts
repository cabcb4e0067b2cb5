import type { QuestionKind, Stance } from '../../platform/database/schema.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { type AudienceInput, audienceProblems, normaliseAudience } from './audience.js';
import type { QuestionValues } from './consult.repository.js';

export const stances: readonly Stance[] = ['support', 'support_with_changes', 'oppose', 'block'];
export const defaultStancePrompt = 'Where do you stand on this proposal? Tell us why.';

export interface QuestionInput {
  kind: QuestionKind;
  prompt: string;
  options?: string[] | undefined;
  required?: boolean | undefined;
}

export interface RingInput {
  name: string;
  audience: AudienceInput;
  opens_at: number;
  closes_at: number;
  quorum?: number | undefined;
  questions?: QuestionInput[] | undefined;
}

/**
 * The questions a ring will ask: the stance (always first, always required, with a required
 * reason) plus the owner's optional ones, or field problems under `path`.
 */
export function ringQuestions(
  questions: readonly QuestionInput[] | undefined,
  path: string,
  problems: FieldProblem[],
): QuestionValues[] {
  const result: QuestionValues[] = [];
  const given = questions ?? [];
  const stance = given.find((question) => question.kind === 'stance');
  result.push({
    kind: 'stance',
    prompt: stance?.prompt ?? defaultStancePrompt,
    options: [...stances],
    required: true,
  });
  if (stance && stance.required === false) {
    problems.push({
      path: `${path}/${given.indexOf(stance)}/required`,
      message: 'the stance question (with its reason) is always required',
    });
  }
  if (given.filter((question) => question.kind === 'stance').length > 1) {
    problems.push({ path, message: 'a ring has one stance question' });
  }
  given.forEach((question, index) => {
    if (question.kind === 'stance') return;
    const options = (question.options ?? []).map((option) => option.trim());
    if ((question.kind === 'single' || question.kind === 'multiple') && options.length < 2) {
      problems.push({
        path: `${path}/${index}/options`,
        message: 'a choice question needs at least two options',
      });
    }
    if (new Set(options).size !== options.length || options.some((option) => option === '')) {
      problems.push({
        path: `${path}/${index}/options`,
        message: 'options must be distinct and not empty',
      });
    }
    if (question.kind === 'scale' && options.length !== 0 && options.length !== 2) {
      problems.push({
        path: `${path}/${index}/options`,
        message: 'a scale takes no options or two labels (lowest, highest)',
      });
    }
    result.push({
      kind: question.kind,
      prompt: question.prompt.trim(),
      options: question.kind === 'text' ? [] : options,
      required: question.required ?? false,
    });
  });
  return result;
}

/** Field problems of a ring (dates, quorum, audience when it must be complete, questions). */
export function ringProblems(
  ring: RingInput,
  path: string,
  options: { requireAudience: boolean },
): { problems: FieldProblem[]; questions: QuestionValues[] } {
  const problems: FieldProblem[] = [];
  if (ring.closes_at <= ring.opens_at) {
    problems.push({ path: `${path}/closes_at`, message: 'the ring must close after it opens' });
  }
  if (options.requireAudience) {
    problems.push(...audienceProblems(normaliseAudience(ring.audience), `${path}/audience`));
  }
  const questions = ringQuestions(ring.questions, `${path}/questions`, problems);
  return { problems, questions };
}

export function throwIfProblems(problems: FieldProblem[], message: string): void {
  if (problems.length > 0) throw new AppError('validation_failed', message, problems);
}

/** Rings a new consultation gets when the owner names none (editable afterwards). */
export function defaultRings(ownerUserId: number, start: number): RingInput[] {
  const day = 86_400_000;
  const names: [string, AudienceInput][] = [
    ['Core team', { user_ids: [ownerUserId] }],
    ['All employees', { roles: ['admin', 'lead', 'agent', 'analyst', 'member'] }],
    ['Partners', {}],
    ['Customer panels', {}],
    ['Public', { public: true }],
  ];
  return names.map(([name, audience], index) => ({
    name,
    audience,
    opens_at: start + index * 14 * day,
    closes_at: start + (index * 14 + 10) * day,
    quorum: 0,
  }));
}
