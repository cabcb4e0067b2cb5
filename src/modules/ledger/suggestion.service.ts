import type { AppContext } from '../../platform/context.js';
import type { DecisionState } from '../../platform/database/schema.js';
import type { Principal } from '../auth/index.js';
import { listeningPlaceOf, messageIdsOfCluster, messageIdsOfTheme } from '../themes/index.js';
import { decisionsOfMessage, openDecisionsLinkedTo } from './feedback.repository.js';

/** How many neighbours of a message are looked at: enough for a theme, bounded for a big one. */
const clusterNeighbours = 1_000;
const themeNeighbours = 5_000;
/** A near-duplicate is stronger evidence than a theme-mate. */
const clusterWeight = 3;

export interface DecisionSuggestion {
  id: number;
  title: string;
  state: DecisionState;
  reason: 'near_duplicate' | 'theme';
  /** Linked messages that share the message's near-duplicate cluster or theme. */
  matches: number;
  score: number;
}

/**
 * "This looks like decision X": open decisions whose linked feedback shares the message's
 * near-duplicate cluster (strong) or theme (weaker), best first; decisions the message is
 * already linked to are left out.
 */
export async function suggestDecisions(
  context: AppContext,
  principal: Principal,
  messageId: number,
  limit = 3,
): Promise<DecisionSuggestion[]> {
  const db = context.database.db;
  const organisationId = principal.organisationId;
  const place = await listeningPlaceOf(db, organisationId, messageId);
  const [clusterMates, themeMates, linked] = await Promise.all([
    place.clusterId === null
      ? []
      : messageIdsOfCluster(db, organisationId, place.clusterId, clusterNeighbours),
    place.themeId === null
      ? []
      : messageIdsOfTheme(db, organisationId, place.themeId, themeNeighbours),
    decisionsOfMessage(db, organisationId, messageId),
  ]);
  const already = new Set(linked.map((decision) => decision.id));
  const inCluster = new Set(clusterMates.filter((id) => id !== messageId));
  const neighbours = [...new Set([...inCluster, ...themeMates])].filter((id) => id !== messageId);
  const candidates = await openDecisionsLinkedTo(db, organisationId, neighbours);
  return candidates
    .filter((decision) => !already.has(decision.id))
    .map((decision) => {
      const near = [...decision.hits].filter((id) => inCluster.has(id)).length;
      const themed = decision.hits.size - near;
      return {
        id: decision.id,
        title: decision.title,
        state: decision.state,
        reason: near > 0 ? ('near_duplicate' as const) : ('theme' as const),
        matches: decision.hits.size,
        score: near * clusterWeight + themed,
      };
    })
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}
