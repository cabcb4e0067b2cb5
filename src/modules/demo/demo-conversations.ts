import {
  type DemoAccount,
  type DemoTeam,
  demoAccount,
  demoCompany,
  demoTeam,
  demoTeams,
} from './demo-company.js';
import { type DemoCustomer, demoCustomers } from './demo-people.js';
import { DemoRandom } from './demo-random.js';
import type { DemoLine, DemoTopic } from './demo-topic.js';
import { feeBacklash, loginTrouble } from './demo-topics-backlash.js';
import {
  blockedAbroad,
  cardDelivery,
  generalQuestion,
  paymentProblem,
  praise,
} from './demo-topics-everyday.js';

const demoTopics: readonly DemoTopic[] = [
  feeBacklash,
  loginTrouble,
  cardDelivery,
  paymentProblem,
  blockedAbroad,
  praise,
  generalQuestion,
];

export const defaultDemoSeed = 20_240_611;
const demoConversationCount = 300;
const customerCount = 240;

export type Role = 'customer' | 'crowd' | 'agent';
/** 'wave': an opener in the last hour before the demo's end (the fee protest flaring up). */
export type Timing = 'open' | 'agent' | 'customer' | 'crowd' | 'wave';

export interface PlannedMessage {
  id: string;
  role: Role;
  author: DemoCustomer | undefined;
  text: string;
  replyTo: string | undefined;
  /** Index of the message this one is timed after, and how. */
  after: number;
  timing: Timing;
}

export interface PlannedConversation {
  id: string;
  topic: DemoTopic;
  account: DemoAccount;
  team: DemoTeam;
  /** The agent who answers, the same one throughout. */
  agent: DemoAgent;
  customer: DemoCustomer;
  daysAgo: number;
  messages: PlannedMessage[];
}

export type DemoAgent = DemoTeam['agents'][number];

/**
 * What the demo's conversations say, who says it and which ids the messages carry: drawn from
 * the seed alone (one random stream per conversation), never from the clock, so every run
 * offers the same external ids and a second run adds nothing.
 */
export function planDemoConversations(seed: number): PlannedConversation[] {
  const customers = demoCustomers(seed, customerCount);
  const conversations: PlannedConversation[] = [];
  for (let index = 0; index < demoConversationCount; index++) {
    const random = DemoRandom.derive(seed, 'conversation', index);
    const id = `wfdemo-${String(index + 1).padStart(4, '0')}`;
    const topic = random.weighted(demoTopics.map((item) => [item, item.weight] as const));
    const daysAgo = random.weighted(dayEntries(topic));
    const account = demoAccount(random.weighted(topic.accounts));
    const customer = random.pick(customers);
    const crowdPool = () => random.pick(customers.filter((other) => other !== customer));

    // A customer who e-mailed about a card and heard nothing now tries a public channel.
    let bypassPrefix = '';
    if (topic === cardDelivery && account.channel !== 'email' && random.chance(0.3)) {
      const emailDaysAgo = Math.min(13, daysAgo + random.int(2, 4));
      const email = demoAccount('emailBilling');
      const emailTeam = demoTeam(email.team);
      const agent = random.pick(emailTeam.agents);
      const slots = slotValues(random, agent);
      conversations.push({
        id: `${id}-e`,
        topic,
        account: email,
        team: emailTeam,
        agent,
        customer,
        daysAgo: emailDaysAgo,
        messages: [
          opener(`${id}-e`, customer, pickLine(random, cardDelivery.emailOpeners ?? []), slots),
        ],
      });
      const waited = emailDaysAgo - daysAgo;
      bypassPrefix = `Emailed you ${waited} days ago about this and heard nothing. `;
    }

    const team = demoTeam(account.team);
    const agent = random.pick(team.agents);
    const slots = slotValues(random, agent);
    const line = pickLine(
      random,
      account.channel === 'email' && topic.emailOpeners && random.chance(0.7)
        ? topic.emailOpeners
        : topic.openers,
    );
    const first = opener(id, customer, line, slots);
    first.text = bypassPrefix + first.text;
    const planned: PlannedMessage[] = [first];
    const add = (role: Role, text: string, replyTo: number, after: number, timing: Timing) => {
      const author = role === 'agent' ? undefined : role === 'crowd' ? crowdPool() : customer;
      planned.push({
        id: `${id}-${planned.length + 1}`,
        role,
        author,
        text: fill(text, slots),
        replyTo: planned[replyTo]?.id,
        after,
        timing,
      });
      return planned.length - 1;
    };

    if (topic.crowd && (account.channel === 'twitter' || account.channel === 'facebook')) {
      if (random.chance(0.35)) {
        for (let count = random.int(1, 3); count > 0; count--) {
          add('crowd', random.pick(topic.crowd), 0, 0, 'crowd');
        }
      }
    }

    const answerRate = topic.answerRate * (daysAgo === 0 ? 0.45 : daysAgo === 1 ? 0.8 : 1);
    if (random.chance(answerRate)) {
      const replies = typeof line === 'string' ? topic.replies : line.replies;
      let last = add('agent', random.pick(replies), 0, 0, 'agent');
      if (topic.followUps.length > 0 && random.chance(0.55)) {
        last = add('customer', random.pick(topic.followUps), last, last, 'customer');
        if (topic.secondReplies.length > 0 && random.chance(daysAgo === 0 ? 0.5 : 0.8)) {
          last = add('agent', random.pick(topic.secondReplies), last, last, 'agent');
          if (topic.closers.length > 0 && random.chance(0.5)) {
            add('customer', random.pick(topic.closers), last, last, 'customer');
          }
        }
      }
    }
    conversations.push({ id, topic, account, team, agent, customer, daysAgo, messages: planned });
  }
  conversations.push(...feeWave(seed, customers));
  return conversations;
}

/** Customers who pile on in the fee protest's latest flare-up, all within the last hour. */
const waveSize = 24;

/**
 * The fee protest flares up again in the hour before the demo ends (a post about the fee went
 * round): far more messages to the help account than that hour of the week ever had, so the
 * listening job opens a backlash alert that is still open when the demo is loaded.
 */
function feeWave(seed: number, customers: readonly DemoCustomer[]): PlannedConversation[] {
  const random = DemoRandom.derive(seed, 'wave', 0);
  const account = demoAccount('twitterHelp');
  const team = demoTeam(account.team);
  const pool = [...customers];
  return Array.from({ length: waveSize }, (_, index) => {
    const id = `wfdemo-wave-${String(index + 1).padStart(2, '0')}`;
    const customer = pool.splice(random.int(0, pool.length - 1), 1)[0] as DemoCustomer;
    const agent = random.pick(team.agents);
    const first = opener(
      id,
      customer,
      pickLine(random, feeBacklash.openers),
      slotValues(random, agent),
    );
    first.timing = 'wave';
    return {
      id,
      topic: feeBacklash,
      account,
      team,
      agent,
      customer,
      daysAgo: 0,
      messages: [first],
    };
  });
}

function dayEntries(topic: DemoTopic): (readonly [number, number])[] {
  return Array.from({ length: 14 }, (_, daysAgo) => [daysAgo, topic.dayWeight(daysAgo)] as const);
}

function pickLine(random: DemoRandom, lines: readonly DemoLine[]): DemoLine {
  return random.pick(lines);
}

function opener(
  id: string,
  customer: DemoCustomer,
  line: DemoLine,
  slots: Record<string, string>,
): PlannedMessage {
  const text = typeof line === 'string' ? line : line.text;
  return {
    id,
    role: 'customer',
    author: customer,
    text: fill(text, slots),
    replyTo: undefined,
    after: -1,
    timing: 'open',
  };
}

const cities = ['Lisbon', 'Osaka', 'Denver', 'Auckland', 'Prague', 'Toronto', 'Bali', 'Marrakech'];
const merchants = [
  'Bluegum Grocers',
  'Kettle & Crumb',
  'Northline Transit',
  'Harbourview Pharmacy',
  'Pixelforge Games',
  'Saltbush Hardware',
];
const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function slotValues(random: DemoRandom, agent: DemoAgent): Record<string, string> {
  const dayOfMonth = random.int(1, 28);
  const staffTeam = random.pick(demoTeams);
  return {
    fee: demoCompany.fee,
    waiver: demoCompany.feeWaiver,
    version: demoCompany.appVersion,
    fixed: demoCompany.fixedAppVersion,
    years: String(random.int(2, 9)),
    days: String(random.int(4, 16)),
    amount: `$${random.int(12, 480)}.${String(random.int(0, 99)).padStart(2, '0')}`,
    city: random.pick(cities),
    merchant: random.pick(merchants),
    last4: String(random.int(1000, 9999)),
    ref: `WF-${random.int(10_000, 99_999)}`,
    date: `the ${ordinal(dayOfMonth)}`,
    weekday: random.pick(weekdayNames),
    agent: agent.first,
    staff: random.pick(staffTeam.agents).first,
  };
}

function ordinal(value: number): string {
  const suffix =
    value % 10 === 1 && value !== 11
      ? 'st'
      : value % 10 === 2 && value !== 12
        ? 'nd'
        : value % 10 === 3 && value !== 13
          ? 'rd'
          : 'th';
  return `${value}${suffix}`;
}

/** Fills `{slot}` markers; `{Slot}` gives the value capitalised. A missing slot is a bug. */
export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (marker, name: string) => {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    const value = slots[key];
    if (value === undefined) return marker;
    return name === key ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}
