import type { ResponseRow } from './response.repository.js';
import type { StoredAnswer } from './response.service.js';

export function presentMyResponse(
  mine: { response: ResponseRow; history: { revision: number; recorded_at: number }[] } | null,
) {
  if (!mine) return { response: null };
  const { response } = mine;
  return {
    response: {
      id: response.id,
      stance: response.stance,
      reason: response.reason,
      answers: JSON.parse(response.answers) as StoredAnswer[],
      revision: response.revision,
      updated_at: response.updated_at,
      history: mine.history.map((entry) => ({
        revision: entry.revision,
        recorded_at: entry.recorded_at,
      })),
    },
  };
}
