import {
  type ChannelAccountRow,
  channelAccountKey,
  resolveChannelAccounts,
} from '../../modules/channels/index.js';
import type { Addressed, CareBatch, InboundItem, Threaded } from '../care-batch.js';
import type { Stage } from '../stage.js';

/** Finds (or provisions) the organisation's account each message is addressed to or sent from. */
export const resolveChannelAccountStage: Stage<CareBatch & Threaded, Addressed> = {
  name: 'resolve-channel-account',
  async run(batch) {
    const accounts = await resolveChannelAccounts(
      batch.trx,
      batch.organisationId,
      batch.live.map((item) => ({ channel: item.channel, handle: item.channelAccountHandle })),
    );
    const channelAccounts = new Map<InboundItem, ChannelAccountRow>();
    for (const item of batch.live) {
      const account = accounts.get(channelAccountKey(item.channel, item.channelAccountHandle));
      if (account) channelAccounts.set(item, account);
    }
    return { channelAccounts };
  },
};
