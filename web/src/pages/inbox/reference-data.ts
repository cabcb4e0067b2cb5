import { useMemo } from 'react';
import type { ApiAnswer } from '../../api/api-client.js';
import type { ChannelAccount, Label, Team } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';

type Agent = ApiAnswer<'/api/v1/agents'>['data'][number];
export type CannedReply = ApiAnswer<'/api/v1/canned-replies'>['data'][number];

/** What the inbox needs besides conversations: filter options, assignees, canned replies. */
export interface ReferenceData {
  teams: Team[];
  channelAccounts: ChannelAccount[];
  labels: Label[];
  agents: Agent[];
  cannedReplies: CannedReply[];
  /** The labels an agent may pick when correcting a prediction, by task. */
  modelLabels: Map<string, string[]>;
  /** The first that failed to load, if any. */
  error: string | null;
}

const none: never[] = [];

export function useReferenceData(): ReferenceData {
  const teams = useApiQuery('/api/v1/teams');
  const channelAccounts = useApiQuery('/api/v1/channel-accounts');
  const labels = useApiQuery('/api/v1/labels');
  const agents = useApiQuery('/api/v1/agents');
  const cannedReplies = useApiQuery('/api/v1/canned-replies');
  // Models change only when an administrator activates one: read once per page load.
  const models = useApiQuery('/api/v1/classification/models');
  const failed = [teams, channelAccounts, labels, agents, cannedReplies].find(
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
    modelLabels,
    error: failed ? `Filters and assignees could not be loaded: ${failed.message}` : null,
  };
}
