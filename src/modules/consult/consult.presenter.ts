import { parseAudience } from './audience.js';
import type { ConcernRow } from './concern.repository.js';
import type {
  ConsultationRow,
  GateRow,
  QuestionRow,
  RingRow,
  VersionRow,
} from './consult.repository.js';
import type { Sight } from './embargo.service.js';

export function presentConsultation(input: {
  consultation: ConsultationRow;
  sight: Extract<Sight, { visible: true }>;
  rings: RingRow[];
  versions: VersionRow[];
  questions: QuestionRow[];
  gates: GateRow[];
  concerns: ConcernRow[];
  current: VersionRow;
}) {
  const { consultation, sight } = input;
  return {
    id: consultation.id,
    title: consultation.title,
    state: consultation.state,
    anonymous: consultation.anonymous === 1,
    owner_user_id: consultation.owner_user_id,
    manages: sight.manages,
    created_at: consultation.created_at,
    updated_at: consultation.updated_at,
    current_version: {
      id: input.current.id,
      number: input.current.number,
      text: input.current.text,
    },
    versions: input.versions.map((version) => ({
      id: version.id,
      number: version.number,
      created_at: version.created_at,
      answers_concerns: JSON.parse(version.answers_concerns) as number[],
    })),
    rings: input.rings.map((ring) => {
      const gate = input.gates.find((one) => one.ring_id === ring.id);
      return {
        id: ring.id,
        ordinal: ring.ordinal,
        round: ring.round,
        name: ring.name,
        state: ring.state,
        opens_at: ring.opens_at,
        closes_at: ring.closes_at,
        quorum: ring.quorum,
        version_id: ring.version_id,
        audience: sight.manages ? parseAudience(ring.audience) : null,
        questions: input.questions
          .filter((question) => question.ring_id === ring.id)
          .map((question) => ({
            id: question.id,
            kind: question.kind,
            prompt: question.prompt,
            options: JSON.parse(question.options) as string[],
            required: question.required === 1,
          })),
        gate: gate
          ? {
              decision: gate.decision,
              reason: gate.reason,
              override_reason: gate.override_reason,
              decided_at: gate.decided_at,
            }
          : null,
        clarifications: input.concerns
          .filter((concern) => concern.ring_id === ring.id && concern.disposition === 'clarified')
          .map((concern) => ({ concern: concern.label, text: concern.clarification ?? '' })),
      };
    }),
  };
}

export function presentConcern(entry: {
  concern: ConcernRow;
  volume: number;
  segments: { segment: string; count: number }[];
  quotes: string[];
  responseIds: number[];
}) {
  const { concern } = entry;
  return {
    id: concern.id,
    ring_id: concern.ring_id,
    label: concern.label,
    disposition: concern.disposition,
    version_id: concern.version_id,
    clarification: concern.clarification,
    decline_reason: concern.decline_reason,
    hot: concern.hot === 1,
    hot_reasons: JSON.parse(concern.hot_reasons) as string[],
    manual: concern.manual === 1,
    volume: entry.volume,
    segments: entry.segments,
    quotes: entry.quotes,
    response_ids: entry.responseIds,
  };
}
