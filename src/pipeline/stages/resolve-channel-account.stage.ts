import { channelAccountKey, resolveChannelAccounts } from '../../modules/channels/index.js';
import type { PipelineStage } from '../pipeline-batch.js';

/** Finds (or provisions) the organisation's account each message is addressed to or sent from. */
export const resolveChannelAccountStage: PipelineStage = {
  name: 'resolve-channel-account',
  async run(batch) {
    const live = batch.items.filter((item) => !item.duplicate);
    const accounts = await resolveChannelAccounts(
      batch.trx,
      batch.organisationId,
      live.map((item) => ({ channel: item.channel, handle: item.channelAccountHandle })),
    );
    for (const item of live) {
      item.channelAccount = accounts.get(
        channelAccountKey(item.channel, item.channelAccountHandle),
      );
    }
  },
};
