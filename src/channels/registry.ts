import type { ChannelAdapter } from './adapter.js';
import { emailAdapter } from './email/email.adapter.js';

/** The channels Hearken can connect to; an account of any other channel only uses the API. */
const adapters = new Map<string, ChannelAdapter>([[emailAdapter.kind, emailAdapter]]);

export function adapterFor(channel: string): ChannelAdapter | undefined {
  return adapters.get(channel);
}

export function connectableChannels(): string[] {
  return [...adapters.keys()];
}
