import { handleKey } from '../ingest/index.js';

interface TweetNode {
  author: string;
  inbound: boolean;
  parent: string | undefined;
  /** Only kept for customer tweets: the brand search is the only reader. */
  responses: string[] | undefined;
  mentions: string[] | undefined;
}

const mentionPattern = /@([A-Za-z0-9_]{1,50})/g;

/**
 * The reply graph of a TWCS file, collected in a first pass, which decides which brand each
 * customer tweet addresses. The file does not say it: a customer tweet only names its author.
 */
export class TwcsReplyGraph {
  private readonly tweets = new Map<string, TweetNode>();
  /** Brand handle key to the handle as the brand writes it. */
  private readonly brands = new Map<string, string>();

  constructor(knownBrands: readonly string[] = []) {
    for (const brand of knownBrands) {
      const handle = brand.trim().replace(/^@/, '');
      if (handle !== '') this.brands.set(handleKey(handle), handle);
    }
  }

  add(tweet: {
    id: string;
    author: string;
    inbound: boolean;
    parent: string | undefined;
    responses: string[];
    text: string;
  }): void {
    if (this.tweets.has(tweet.id)) return;
    if (!tweet.inbound) {
      const key = handleKey(tweet.author);
      if (!this.brands.has(key)) this.brands.set(key, tweet.author);
    }
    this.tweets.set(tweet.id, {
      author: tweet.author,
      inbound: tweet.inbound,
      parent: tweet.parent,
      responses: tweet.inbound && tweet.responses.length > 0 ? tweet.responses : undefined,
      mentions: tweet.inbound ? mentionKeys(tweet.text) : undefined,
    });
  }

  get brandCount(): number {
    return this.brands.size;
  }

  /**
   * Finds the brand of every customer tweet. Direct evidence first, strongest first: the brand
   * tweet it replies to, a brand tweet replying to it, an @mention of a known brand. Then the
   * brand spreads along customer-to-customer reply links (a customer's follow-up in a thread),
   * breadth first so the nearest evidence wins.
   */
  resolveBrands(): Map<string, string> {
    const children = new Map<string, string[]>();
    for (const [id, node] of this.tweets) {
      if (node.parent === undefined || !this.tweets.has(node.parent)) continue;
      const list = children.get(node.parent);
      if (list) list.push(id);
      else children.set(node.parent, [id]);
    }

    const brandOf = new Map<string, string>();
    const queue: string[] = [];
    for (const [id, node] of this.tweets) {
      if (!node.inbound) continue;
      const brand = this.directBrand(node, children.get(id));
      if (brand !== undefined) {
        brandOf.set(id, brand);
        queue.push(id);
      }
    }

    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      const brand = brandOf.get(id) as string;
      for (const neighbour of this.customerNeighbours(id, children.get(id))) {
        if (brandOf.has(neighbour)) continue;
        brandOf.set(neighbour, brand);
        queue.push(neighbour);
      }
    }
    return brandOf;
  }

  private directBrand(node: TweetNode, children: string[] | undefined): string | undefined {
    const parent = node.parent === undefined ? undefined : this.tweets.get(node.parent);
    if (parent && !parent.inbound) return parent.author;
    for (const responseId of [...(node.responses ?? []), ...(children ?? [])]) {
      const response = this.tweets.get(responseId);
      if (response && !response.inbound) return response.author;
    }
    for (const mention of node.mentions ?? []) {
      const brand = this.brands.get(mention);
      if (brand !== undefined) return brand;
    }
    return undefined;
  }

  private *customerNeighbours(id: string, children: string[] | undefined): Generator<string> {
    const node = this.tweets.get(id);
    if (!node) return;
    const candidates = [
      ...(node.parent === undefined ? [] : [node.parent]),
      ...(node.responses ?? []),
      ...(children ?? []),
    ];
    for (const candidate of candidates) {
      if (this.tweets.get(candidate)?.inbound) yield candidate;
    }
  }
}

function mentionKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  for (const match of text.matchAll(mentionPattern)) keys.push((match[1] as string).toLowerCase());
  return keys.length > 0 ? keys : undefined;
}
