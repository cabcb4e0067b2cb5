import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Stance } from '../../platform/database/schema.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { ensureContactForUser } from '../people/index.js';
import { personKeyOf } from './audience.service.js';
import { consultErrors } from './consult.errors.js';
import {
  findConsultation,
  type QuestionRow,
  questionsOfRings,
  ringsOf,
} from './consult.repository.js';
import { stances } from './consult-input.js';
import { type ConsultViewer, canSeeConsultation } from './embargo.service.js';
import {
  findResponse,
  historyOf,
  insertHistory,
  insertResponseIfAbsent,
  type ResponseRow,
  replaceAnswerValues,
  updateResponse,
} from './response.repository.js';

export interface AnswerInput {
  question_id: number;
  stance?: Stance | undefined;
  reason?: string | undefined;
  option?: string | undefined;
  options?: string[] | undefined;
  number?: number | undefined;
  text?: string | undefined;
}

export interface StoredAnswer {
  question_id: number;
  stance?: Stance;
  reason?: string;
  option?: string;
  options?: string[];
  number?: number;
  text?: string;
}

/** Checks answers against the ring's questions; returns the stored form or field problems. */
function checkAnswers(
  questions: QuestionRow[],
  answers: readonly AnswerInput[],
): { stored: StoredAnswer[]; stance: Stance; reason: string } {
  const problems: FieldProblem[] = [];
  const stored: StoredAnswer[] = [];
  let stance: Stance | undefined;
  let reason = '';
  const byQuestion = new Map(
    answers.map((answer, index) => [answer.question_id, { answer, index }]),
  );
  answers.forEach((answer, index) => {
    if (!questions.some((question) => question.id === answer.question_id)) {
      problems.push({
        path: `body/answers/${index}/question_id`,
        message: 'not a question of this ring',
      });
    }
  });
  for (const question of questions) {
    const found = byQuestion.get(question.id);
    const path = `body/answers/${found?.index ?? answers.length}`;
    const options = JSON.parse(question.options) as string[];
    const answer = found?.answer;
    if (question.kind === 'stance') {
      if (!answer?.stance || !stances.includes(answer.stance)) {
        problems.push({ path: `${path}/stance`, message: 'choose a stance' });
        continue;
      }
      if (!answer.reason || answer.reason.trim() === '') {
        problems.push({ path: `${path}/reason`, message: 'give a reason for your stance' });
        continue;
      }
      stance = answer.stance;
      reason = answer.reason.trim();
      stored.push({ question_id: question.id, stance, reason });
      continue;
    }
    const empty =
      !answer ||
      (answer.option === undefined &&
        (answer.options === undefined || answer.options.length === 0) &&
        answer.number === undefined &&
        (answer.text === undefined || answer.text.trim() === ''));
    if (empty) {
      if (question.required) problems.push({ path, message: 'this question needs an answer' });
      continue;
    }
    if (question.kind === 'single') {
      if (answer.option === undefined || !options.includes(answer.option)) {
        problems.push({ path: `${path}/option`, message: 'choose one of the options' });
      } else stored.push({ question_id: question.id, option: answer.option });
    } else if (question.kind === 'multiple') {
      const chosen = [...new Set(answer.options ?? [])];
      if (chosen.length === 0 || chosen.some((option) => !options.includes(option))) {
        problems.push({ path: `${path}/options`, message: 'choose among the options' });
      } else stored.push({ question_id: question.id, options: chosen });
    } else if (question.kind === 'scale') {
      if (
        answer.number === undefined ||
        !Number.isInteger(answer.number) ||
        answer.number < 1 ||
        answer.number > 5
      ) {
        problems.push({ path: `${path}/number`, message: 'a whole number from 1 to 5' });
      } else stored.push({ question_id: question.id, number: answer.number });
    } else if (answer.text !== undefined && answer.text.trim() !== '') {
      stored.push({ question_id: question.id, text: answer.text.trim().slice(0, 5000) });
    }
  }
  if (problems.length > 0 || !stance) {
    throw new AppError('validation_failed', 'the answers are not complete', problems);
  }
  return { stored, stance, reason };
}

/**
 * Records a person's answers to an open ring: one response per person and ring, changed in
 * place with each change kept in the history. The client's `request_id` makes a repeated submit
 * (double click, retry after a lost reply) a no-op; two tabs with different ids update the one
 * response in turn.
 */
export async function answerRing(
  context: AppContext,
  viewer: ConsultViewer,
  consultationId: number,
  ringId: number,
  input: { request_id: string; answers: AnswerInput[] },
): Promise<{ response: ResponseRow; questions: QuestionRow[] }> {
  return withTransaction(context.database, async (trx) => {
    const consultation = await findConsultation(trx, viewer.organisationId, consultationId);
    if (!consultation) throw notFound('consultation');
    const rings = await ringsOf(trx, consultationId);
    const now = Date.now();
    const sight = await canSeeConsultation(trx, viewer, consultation, undefined, {
      rings,
      at: now,
    });
    if (!sight.visible || !sight.person) throw notFound('consultation');
    const ring = rings.find((candidate) => candidate.id === ringId);
    // Owners see every ring, but answer only rings whose audience holds them.
    if (!ring) throw notFound('ring');
    if (!sight.audienceRingIds.includes(ring.id)) throw notFound('ring');
    if (ring.state !== 'open' || now > ring.closes_at) {
      throw consultErrors.error('ring_not_open', 'this ring is not open for answers');
    }
    const questions = await questionsOfRings(trx, [ring.id]);
    const { stored, stance, reason } = checkAnswers(questions, input.answers);
    const person = sight.person;
    const contactId =
      person.kind === 'contact'
        ? person.contactId
        : (person.contactId ??
          (await ensureContactForUser(trx, viewer.organisationId, person.userId)));
    const personKey = personKeyOf(person);
    const answers = JSON.stringify(stored);
    const values = {
      organisation_id: viewer.organisationId,
      consultation_id: consultationId,
      ring_id: ring.id,
      person_key: personKey,
      contact_id: contactId,
      user_id: person.kind === 'user' ? person.userId : null,
      stance,
      reason,
      answers,
      request_id: input.request_id,
    };
    let responseId = await insertResponseIfAbsent(trx, values, now);
    let revision = 1;
    if (responseId === undefined) {
      const existing = await findResponse(trx, ring.id, personKey);
      if (!existing) throw new Error('response vanished');
      if (existing.request_id === input.request_id) return { response: existing, questions };
      responseId = existing.id;
      revision = existing.revision + 1;
      await updateResponse(
        trx,
        responseId,
        { stance, reason, answers, request_id: input.request_id },
        revision,
        now,
      );
    }
    await insertHistory(trx, {
      organisation_id: viewer.organisationId,
      response_id: responseId,
      revision,
      answers,
      request_id: input.request_id,
      recorded_at: now,
    });
    await replaceAnswerValues(
      trx,
      responseId,
      stored.flatMap(
        (
          answer,
        ): {
          ring_id: number;
          question_id: number;
          contact_id: number;
          option: string | null;
          number: number | null;
        }[] => {
          const base = { ring_id: ring.id, question_id: answer.question_id, contact_id: contactId };
          if (answer.option !== undefined)
            return [{ ...base, option: answer.option, number: null }];
          if (answer.options)
            return answer.options.map((option) => ({ ...base, option, number: null }));
          if (answer.number !== undefined)
            return [{ ...base, option: null, number: answer.number }];
          return [];
        },
      ),
    );
    const response = await findResponse(trx, ring.id, personKey);
    if (!response) throw new Error('response vanished');
    return { response, questions };
  });
}

/** The viewer's own response to a ring (and its history), if they answered. */
export async function myResponse(
  context: AppContext,
  viewer: ConsultViewer,
  consultationId: number,
  ringId: number,
) {
  const db = context.database.db;
  const consultation = await findConsultation(db, viewer.organisationId, consultationId);
  if (!consultation) throw notFound('consultation');
  const sight = await canSeeConsultation(db, viewer, consultation);
  if (!sight.visible || !sight.ringIds.includes(ringId) || !sight.person) throw notFound('ring');
  const response = await findResponse(db, ringId, personKeyOf(sight.person));
  if (!response) return null;
  return { response, history: await historyOf(db, response.id) };
}
