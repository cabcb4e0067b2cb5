import type { InboundMessage } from '../ingest/index.js';
import { type DemoChannel, demoCompany } from './demo-company.js';
import {
  fill,
  type PlannedConversation,
  type PlannedMessage,
  planDemoConversations,
} from './demo-conversations.js';
import type { DemoCustomer } from './demo-people.js';
import { DemoRandom } from './demo-random.js';
import {
  agentMoment,
  crowdMoment,
  customerMoment,
  customerReplyMoment,
  minute,
} from './demo-timeline.js';

/**
 * The demo's messages, oldest first. What is said, by whom and which ids it carries depends on
 * the seed only (see planDemoConversations); the timestamps are laid over the 14 days before
 * `anchor`, in the customers' waking hours and the teams' working hours.
 */
export function buildDemoMessages(seed: number, anchor: number): InboundMessage[] {
  const messages: { at: number; message: InboundMessage }[] = [];
  for (const conversation of planDemoConversations(seed)) {
    const times = scheduleConversation(seed, conversation, anchor);
    conversation.messages.forEach((planned, index) => {
      const at = times[index] as number;
      messages.push({ at, message: toInboundMessage(conversation, planned, at) });
    });
  }
  messages.sort(
    (a, b) => a.at - b.at || a.message.external_id.localeCompare(b.message.external_id),
  );
  return messages.map((entry) => entry.message);
}

const privateRoute: Record<DemoChannel, string> = {
  twitter: 'send us a DM',
  facebook: 'send us a private message',
  email: 'reply with your customer number',
  whatsapp: 'reply here with your customer number',
};

function scheduleConversation(
  seed: number,
  conversation: PlannedConversation,
  anchor: number,
): number[] {
  const random = DemoRandom.derive(seed, 'timeline', conversation.id);
  const times: number[] = [];
  for (const message of conversation.messages) {
    const previous = times[message.after] ?? anchor;
    if (message.timing === 'wave') {
      times.push(anchor - random.int(3, 55) * minute);
    } else if (message.timing === 'open') {
      times.push(
        customerMoment(random, anchor, conversation.daysAgo, conversation.customer.timezone),
      );
    } else if (message.timing === 'agent') {
      times.push(agentMoment(random, previous, conversation.team));
    } else if (message.timing === 'crowd') {
      times.push(crowdMoment(random, previous));
    } else {
      times.push(customerReplyMoment(random, previous));
    }
  }
  // Nothing may lie in the future: a conversation running past the anchor moves back whole.
  const latest = Math.max(...times);
  const limit = anchor - 2 * minute;
  if (latest <= limit) return times;
  const shift = latest - limit + random.int(1, 40) * minute;
  return times.map((time) => time - shift);
}

function toInboundMessage(
  conversation: PlannedConversation,
  planned: PlannedMessage,
  at: number,
): InboundMessage {
  const { account, customer } = conversation;
  const channel = account.channel;
  const slots = { private: privateRoute[channel] };
  const base = {
    channel,
    channel_account: account.handle,
    external_id: planned.id,
    created_at: new Date(at).toISOString(),
    ...(planned.replyTo ? { in_reply_to: planned.replyTo } : {}),
    raw: { source: 'hearken-demo', topic: conversation.topic.key },
  };
  if (planned.role === 'agent') {
    const { agent } = conversation;
    return {
      ...base,
      direction: 'outbound',
      author: { handle: account.handle, name: `${agent.first} (${demoCompany.shortName})` },
      text: agentText(channel, customer, conversation, fill(planned.text, slots), planned),
    };
  }
  const author = planned.author ?? customer;
  const handle = author.handles[channel];
  return {
    ...base,
    direction: 'inbound',
    author: { handle, name: `${author.first} ${author.last}` },
    text: customerText(conversation, author, fill(planned.text, slots), planned),
  };
}

function customerText(
  conversation: PlannedConversation,
  author: DemoCustomer,
  text: string,
  planned: PlannedMessage,
): string {
  const { account, customer } = conversation;
  switch (account.channel) {
    case 'twitter':
      // A bystander's reply names the customer they answer, as Twitter replies do.
      return planned.role === 'crowd'
        ? `@${customer.handles.twitter} @${account.handle} ${text}`
        : `@${account.handle} ${text}`;
    case 'email':
      return planned.timing === 'open'
        ? `Hi ${demoCompany.shortName} team,\n\n${text}\n\nThanks,\n${author.first} ${author.last}`
        : `${text}\n\n${author.first}`;
    default:
      return text;
  }
}

function agentText(
  channel: DemoChannel,
  customer: DemoCustomer,
  conversation: PlannedConversation,
  text: string,
  planned: PlannedMessage,
): string {
  const { agent } = conversation;
  const firstReply = conversation.messages.find((message) => message.role === 'agent') === planned;
  switch (channel) {
    case 'twitter':
      return `@${customer.handles.twitter} ${text} ^${agent.first.charAt(0)}${agent.last.charAt(0)}`;
    case 'facebook':
      return `Hi ${customer.first}! ${text} – ${agent.first}`;
    case 'whatsapp':
      return firstReply
        ? `Hi ${customer.first}, this is ${agent.first} from ${demoCompany.shortName}. ${text}`
        : text;
    case 'email':
      return `Hi ${customer.first},\n\n${text}\n\nKind regards,\n${agent.first} ${agent.last}\n${demoCompany.name}, ${conversation.team.name} team`;
  }
}
