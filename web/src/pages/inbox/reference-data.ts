import { useMemo } from 'react';
import { type ApiAnswer, api } from '../../api/api-client.js';
import type { ChannelAccount, Label, SessionUser, Team } from '../../api/contract.js';
import { useApiQuery, useQuery } from '../../api/use-api-query.js';

type Agent = ApiAnswer<'/api/v1/agents'>['data'][number];
export type CannedReply = ApiAnswer<'/api/v1/canned-replies'>['data'][number];

/** What the inbox needs besides conversations: filter options, assignees, canned replies. */
export interface ReferenceData {
  teams: Team[];
  channelAccounts: ChannelAccount[];
  labels: Label[];
  agents: Agent[];
  cannedReplies: CannedReply[];
  myTeamIds: number[];
  /** The labels an agent may pick when correcting a prediction, by task. */
  modelLabels: Map<string, string[]>;
  /** The first that failed to load, if any. */
  error: string | null;
}

const none: never[] = [];

/**
 * The teams the user is a member of. The server lists members per team only, so this asks once
 * per team (`GET /api/v1/teams/{id}/members`); a "my teams" endpoint would make it one request.
 */
function useMyTeamIds(user: SessionUser, teams: Team[] | undefined) {
  const key = teams && user.id !== null ? `my-teams:${teams.map((team) => team.id)}` : null;
  return useQuery(key, async () => {
    const members = await Promise.all(
      (teams ?? []).map((team) =>
        api('get', '/api/v1/teams/{id}/members', { path: { id: team.id } }),
      ),
    );
    return (teams ?? [])
      .filter((_, index) => members[index]?.data.some((member) => member.user_id === user.id))
      .map((team) => team.id);
  });
}

export function useReferenceData(user: SessionUser): ReferenceData {
  const teams = useApiQuery('/api/v1/teams');
  const channelAccounts = useApiQuery('/api/v1/channel-accounts');
  const labels = useApiQuery('/api/v1/labels');
  const agents = useApiQuery('/api/v1/agents');
  const cannedReplies = useApiQuery('/api/v1/canned-replies');
  // Models change only when an administrator activates one: read once per page load.
  const models = useApiQuery('/api/v1/classification/models');
  const myTeamIds = useMyTeamIds(user, teams.data?.data);
  const failed = [teams, channelAccounts, labels, agents, cannedReplies, myTeamIds].find(
    (query) => query.error,
  )?.error;
  const modelLabels = useMemo(
    () => new Map(models.data?.data.map((model) => [model.task, model.labels])),
    [models.data],
  );
  return {
    teams: teams.data?.data ?? none,
    channelAccounts: channelAccounts.data?.data ?? none,
    labels: labels.data?.data ?? none,
    agents: agents.data?.data ?? none,
    cannedReplies: cannedReplies.data?.data ?? none,
    myTeamIds: myTeamIds.data ?? none,
    modelLabels,
    error: failed ? `Filters and assignees could not be loaded: ${failed.message}` : null,
  };
}
