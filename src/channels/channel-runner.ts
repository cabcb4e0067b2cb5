import os from 'node:os';
import {
  type ConnectedAccountRow,
  listConnectedAccounts,
  openChannelConnection,
  recordChannelFailure,
  recordChannelSuccess,
  releaseFetchLease,
  takeFetchLease,
} from '../modules/channels/index.js';
import type { AppContext } from '../platform/context.js';
import { ChannelError, type InboundSession } from './adapter.js';
import { inboundSinkFor } from './inbound-sink.js';
import { adapterFor } from './registry.js';

interface AccountState {
  /** Settings and secrets the session was opened with; a change reopens it. */
  fingerprint: string;
  session: InboundSession | undefined;
  opening: boolean;
  fetching: Promise<void> | undefined;
  /** Something arrived (IDLE) or was asked for while a fetch ran: fetch again after it. */
  wanted: boolean;
  nextPollAt: number;
  /** After a failure, when to try the connection again (exponential, capped). */
  retryAt: number;
  failures: number;
  lastRequestSeen: number | null;
}

export interface ChannelRunnerOptions {
  /** How often the runner looks at the accounts (pause, new, removed, fetch now). */
  tickMilliseconds?: number;
  /** Called when messages were accepted, so the worker in this process runs their ingest job now. */
  onAccepted?: () => void;
}

/**
 * Keeps each connected account's inbound session open in a worker process (`hearken worker`, or
 * `serve` with its embedded worker): fetches when the server signals mail (IDLE), every
 * HEARKEN_CHANNEL_POLL_SECONDS anyway, and when an admin asks; reopens dead connections with
 * backoff; records health. A fetch runs under the account's lease in the database, so across all
 * processes one fetch of an account runs at a time.
 */
export class ChannelRunner {
  readonly owner = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly states = new Map<number, AccountState>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly context: AppContext,
    private readonly options: ChannelRunnerOptions = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped || this.ticking) return;
      this.ticking = this.tick()
        .catch((error: unknown) =>
          this.context.logger.error({ err: error }, 'channel runner could not look at accounts'),
        )
        .finally(() => {
          this.ticking = undefined;
        });
    };
    this.timer = setInterval(tick, this.options.tickMilliseconds ?? 1000);
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    for (const [id, state] of this.states) {
      await state.fetching;
      await state.session?.close().catch(() => {});
      this.states.delete(id);
    }
  }

  /** One look at every account: open, close, fetch what is due. */
  async tick(): Promise<void> {
    const accounts = await listConnectedAccounts(this.context.database.db);
    const seen = new Set<number>();
    const now = Date.now();
    for (const account of accounts) {
      if (!adapterFor(account.channel)) continue;
      seen.add(account.id);
      if (account.paused === 1) {
        await this.close(account.id);
        continue;
      }
      const fingerprint = `${account.settings}\u0000${account.secrets}`;
      let state = this.states.get(account.id);
      if (state && state.fingerprint !== fingerprint) {
        await this.close(account.id);
        state = undefined;
      }
      if (!state) {
        state = {
          fingerprint,
          session: undefined,
          opening: false,
          fetching: undefined,
          wanted: true,
          nextPollAt: now,
          retryAt: now,
          failures: 0,
          lastRequestSeen: null,
        };
        this.states.set(account.id, state);
      }
      if (
        account.fetch_requested_at !== null &&
        account.fetch_requested_at !== state.lastRequestSeen
      ) {
        state.lastRequestSeen = account.fetch_requested_at;
        state.wanted = true;
      }
      if (now >= state.nextPollAt) state.wanted = true;
      if (state.wanted && !state.fetching && now >= state.retryAt) this.fetch(account, state);
    }
    for (const id of [...this.states.keys()]) if (!seen.has(id)) await this.close(id);
  }

  private async close(id: number): Promise<void> {
    const state = this.states.get(id);
    if (!state) return;
    this.states.delete(id);
    await state.fetching;
    await state.session?.close().catch(() => {});
  }

  private fetch(account: ConnectedAccountRow, state: AccountState): void {
    state.wanted = false;
    state.fetching = this.fetchOnce(account, state).finally(() => {
      state.fetching = undefined;
      if (state.wanted && !this.stopped && Date.now() >= state.retryAt) this.fetch(account, state);
    });
  }

  private async fetchOnce(account: ConnectedAccountRow, state: AccountState): Promise<void> {
    const { database, config, logger } = this.context;
    const db = database.db;
    const now = Date.now();
    const leaseUntil = now + config.jobLeaseSeconds * 1000;
    if (!(await takeFetchLease(db, account.id, this.owner, now, leaseUntil))) {
      // Another process is fetching this account; look again at the next poll.
      state.nextPollAt = now + config.channelPollSeconds * 1000;
      return;
    }
    try {
      if (!state.session) {
        const adapter = adapterFor(account.channel);
        const connection = await openChannelConnection(db, config, account.id);
        if (!adapter || !connection) return;
        const sink = inboundSinkFor(this.context, account, this.options.onAccepted);
        state.session = await adapter.inbound.open(connection, sink, {
          wake: () => {
            state.wanted = true;
            if (!state.fetching && !this.stopped) this.fetch(account, state);
          },
          dead: (error) => {
            logger.warn({ accountId: account.id, err: error }, 'channel connection lost');
            const dead = state.session;
            state.session = undefined;
            state.wanted = true;
            void dead?.close().catch(() => {});
          },
        });
      }
      await state.session.fetch();
      state.failures = 0;
      state.retryAt = 0;
      state.nextPollAt = Date.now() + config.channelPollSeconds * 1000;
      await recordChannelSuccess(db, account.id);
    } catch (error) {
      const failure =
        error instanceof ChannelError ? error : new ChannelError(String(error), 'transient');
      state.failures += 1;
      // 1 s, 2 s, 4 s ... up to 5 minutes; an account that needs new credentials waits longest.
      const delay =
        failure.kind === 'authentication'
          ? 300_000
          : Math.min(300_000, 1000 * 2 ** Math.min(state.failures - 1, 9));
      state.retryAt = Date.now() + delay;
      state.wanted = true;
      const session = state.session;
      state.session = undefined;
      await session?.close().catch(() => {});
      logger.warn({ accountId: account.id, err: failure.message }, 'channel fetch failed');
      await recordChannelFailure(db, config, account, {
        message: failure.message,
        needsReauth: failure.kind === 'authentication',
      });
    } finally {
      await releaseFetchLease(db, account.id, this.owner);
    }
  }
}
