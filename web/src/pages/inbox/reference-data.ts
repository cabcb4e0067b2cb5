import {
  type Agent,
  api,
  type CannedReply,
  type ChannelAccount,
  type Label,
  optionalApi,
  type SessionUser,
  type Team,
} from '../../api/api-client.js';

/** What the inbox needs besides conversations: filter options, assignees, canned replies. */
export interface ReferenceData {
  teams: Team[];
  channelAccounts: ChannelAccount[];
  labels: Label[];
  agents: Agent[];
  cannedReplies: CannedReply[];
  myTeamIds: number[];
}

export const noReferenceData: ReferenceData = {
  teams: [],
  channelAccounts: [],
  labels: [],
  agents: [],
  cannedReplies: [],
  myTeamIds: [],
};

export async function loadReferenceData(user: SessionUser): Promise<ReferenceData> {
  const [teams, channelAccounts, labels, cannedReplies] = await Promise.all([
    api<{ data: Team[] }>('GET', '/api/v1/teams'),
    api<{ data: ChannelAccount[] }>('GET', '/api/v1/channel-accounts'),
    api<{ data: Label[] }>('GET', '/api/v1/labels'),
    api<{ data: CannedReply[] }>('GET', '/api/v1/canned-replies'),
  ]);
  // The routing module's directory carries availability; before it exists, the plain list.
  let agents = (await optionalApi<{ data: Agent[] } | null>('/api/v1/agents', null))?.data;
  agents ??= (await api<{ data: Agent[] }>('GET', '/api/v1/live/agents')).data;
  const memberships = await Promise.all(
    teams.data.map(async (team) => {
      const members = await optionalApi<{ data: { user_id: number }[] }>(
        `/api/v1/teams/${team.id}/members`,
        { data: [] },
      );
      return members.data.some((member) => member.user_id === user.id) ? team.id : null;
    }),
  );
  return {
    teams: teams.data,
    channelAccounts: channelAccounts.data,
    labels: labels.data,
    agents,
    cannedReplies: cannedReplies.data,
    myTeamIds: memberships.filter((id): id is number => id !== null),
  };
}
