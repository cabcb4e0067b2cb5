import type { InboundMessage } from '../src/modules/ingest/index.js';
import { BenchRandom } from './bench-random.js';
import type { Corpus } from './corpus.js';

/** The organisation's accounts the traffic is addressed to; weights are shares of threads. */
const benchAccounts = [
  { channel: 'twitter', handle: 'AcmeAir', weight: 30 },
  { channel: 'twitter', handle: 'AcmeBank', weight: 20 },
  { channel: 'twitter', handle: 'AcmeMobile', weight: 15 },
  { channel: 'twitter', handle: 'AcmeStore', weight: 10 },
  { channel: 'facebook', handle: 'AcmeAir', weight: 10 },
  { channel: 'facebook', handle: 'AcmeBank', weight: 7 },
  { channel: 'instagram', handle: 'AcmeStore', weight: 8 },
] as const;

export type BenchAccount = (typeof benchAccounts)[number];

/** Messages per thread: 1 to 4 (customer, brand, customer, brand), 2 on average. */
const threadLengths = [1, 2, 3, 4];
const threadLengthWeights = [40, 30, 20, 10];
/**
 * Share of threads opened by a customer already seen. Their follow-ups in the thread are returning
 * too, so about 40% of inbound messages come from a known author.
 */
const returningOpenerShare = 0.22;
/** Share of messages delivered late, after up to `maxLateBy` later messages (across batches). */
const lateShare = 0.03;
const maxLateBy = 3000;
const messagesPerDay = 7000;
const minute = 60_000;
const day = 24 * 60 * minute;
const firstNames = ['Alex', 'Sam', 'Jo', 'Kim', 'Lee', 'Noor', 'Ana', 'Ravi', 'Mia', 'Tom'];

export interface BenchAuthor {
  handle: string;
  name: string;
}

/** One conversation as the customer and the brand wrote it, messages in writing order. */
export interface BenchThread {
  account: BenchAccount;
  author: BenchAuthor;
  messages: InboundMessage[];
  /** created_at of each message as epoch milliseconds, parallel to `messages`. */
  times: number[];
}

export interface GeneratedTraffic {
  threads: BenchThread[];
  /** The same messages in the order they are delivered. */
  deliveries: InboundMessage[];
  facts: TrafficFacts;
}

export interface TrafficFacts {
  messages: number;
  threads: number;
  replyShare: number;
  /** Replies delivered before the message they reply to. */
  replyBeforeParent: number;
  /** Inbound messages whose author was seen before (in this run or stored earlier). */
  returningAuthorShare: number;
  firstCreatedAt: number;
  lastCreatedAt: number;
}

/**
 * Deterministic social traffic: threads opened by customers (new or returning), answered by the
 * brand and followed up, timestamps spread over weeks, a few deliveries late. One generator
 * serves both the prefill and the measured run, so the measured run's returning customers and
 * external ids continue from what is stored.
 */
export class MessageGenerator {
  private readonly random: BenchRandom;
  private readonly authorsByChannel = new Map<string, BenchAuthor[]>();
  private nextExternalId = 1;
  private nextAuthor = 1;
  private clock: number;

  constructor(
    private readonly corpus: Corpus,
    seed: number,
    startAt = Date.UTC(2025, 0, 6),
  ) {
    this.random = new BenchRandom(seed);
    this.clock = startAt;
  }

  generate(count: number): GeneratedTraffic {
    const knownBefore = new Set<string>();
    for (const [channel, authors] of this.authorsByChannel) {
      for (const author of authors) knownBefore.add(`${channel}\u0000${author.handle}`);
    }
    const meanThreadGap = day / (messagesPerDay / 2);
    const threads: BenchThread[] = [];
    let produced = 0;
    while (produced < count) {
      this.clock += this.random.exponential(meanThreadGap);
      const length = Math.min(
        this.random.weighted(threadLengths, threadLengthWeights),
        count - produced,
      );
      threads.push(this.thread(length));
      produced += length;
    }
    const deliveries = this.deliveryOrder(threads);
    return { threads, deliveries, facts: describe(threads, deliveries, knownBefore) };
  }

  private thread(length: number): BenchThread {
    const account = this.random.weighted(
      benchAccounts,
      benchAccounts.map((entry) => entry.weight),
    );
    const author = this.author(account.channel);
    const messages: InboundMessage[] = [];
    const times: number[] = [];
    let at = this.clock;
    for (let index = 0; index < length; index++) {
      const fromBrand = index % 2 === 1;
      if (index > 0) {
        // Brands answer in minutes (TWCS median about 12), customers come back a little later.
        const delay = this.random.logNormal(fromBrand ? 12 * minute : 25 * minute, 1.5);
        at += Math.min(delay, 3 * day);
      }
      const previous = messages[index - 1];
      times.push(Math.round(at));
      messages.push({
        channel: account.channel,
        channel_account: account.handle,
        external_id: String(1e15 + this.nextExternalId++),
        direction: fromBrand ? 'outbound' : 'inbound',
        author: fromBrand ? { handle: account.handle, name: account.handle } : author,
        text: this.random.pick(fromBrand ? this.corpus.brandTexts : this.corpus.customerTexts),
        created_at: new Date(Math.round(at)).toISOString(),
        ...(previous ? { in_reply_to: previous.external_id } : {}),
      });
    }
    return { account, author, messages, times };
  }

  private author(channel: string): BenchAuthor {
    let pool = this.authorsByChannel.get(channel);
    if (!pool) {
      pool = [];
      this.authorsByChannel.set(channel, pool);
    }
    if (pool.length > 0 && this.random.next() < returningOpenerShare) {
      return this.random.pick(pool);
    }
    const number = this.nextAuthor++;
    const author = {
      handle: `@${100_000 + number}`,
      name: `${this.random.pick(firstNames)} ${String.fromCharCode(65 + (number % 26))}.`,
    };
    pool.push(author);
    return author;
  }

  /** Time order, except a few messages that arrive late, some after their own replies. */
  private deliveryOrder(threads: BenchThread[]): InboundMessage[] {
    const keyed = threads
      .flatMap((thread) =>
        thread.messages.map((message, index) => ({
          message,
          at: thread.times[index] as number,
        })),
      )
      .sort((a, b) => a.at - b.at)
      .map((entry, index) => ({
        message: entry.message,
        key: this.random.next() < lateShare ? index + 1 + this.random.int(maxLateBy) + 0.5 : index,
      }));
    return keyed.sort((a, b) => a.key - b.key).map((entry) => entry.message);
  }
}

function describe(
  threads: BenchThread[],
  deliveries: InboundMessage[],
  knownBefore: Set<string>,
): TrafficFacts {
  const delivered = new Set<string>();
  const seenAuthors = new Set(knownBefore);
  let replies = 0;
  let replyBeforeParent = 0;
  let inbound = 0;
  let returning = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const message of deliveries) {
    const at = Date.parse(message.created_at as string);
    first = Math.min(first, at);
    last = Math.max(last, at);
    if (message.in_reply_to) {
      replies++;
      if (!delivered.has(message.in_reply_to)) replyBeforeParent++;
    }
    delivered.add(message.external_id);
    if (message.direction === 'inbound') {
      inbound++;
      const key = `${message.channel}\u0000${message.author.handle}`;
      if (seenAuthors.has(key)) returning++;
      else seenAuthors.add(key);
    }
  }
  return {
    messages: deliveries.length,
    threads: threads.length,
    replyShare: replies / Math.max(1, deliveries.length),
    replyBeforeParent,
    returningAuthorShare: returning / Math.max(1, inbound),
    firstCreatedAt: first,
    lastCreatedAt: last,
  };
}
