import { ImapFlow } from 'imapflow';
import type { ChannelConnection } from '../../modules/channels/index.js';
import { type InboundMessage, validateInboundMessage } from '../../modules/ingest/index.js';
import type { Config } from '../../platform/config.js';
import {
  ChannelError,
  type ConnectionParts,
  type InboundSession,
  type InboundSink,
} from '../adapter.js';
import { type ParsedCustomerMail, parseMail } from './email-parse.js';
import { emailSettingsOf } from './email-settings.js';

/** UIDs read per round trip: one cursor step commits after each. */
const fetchChunk = 50;

/** Where the account's mailbox was read up to: UIDs are only meaningful within a UIDVALIDITY. */
export interface EmailCursor {
  uidValidity: string;
  lastUid: number;
}

export function parseEmailCursor(stored: string | null): EmailCursor | null {
  if (!stored) return null;
  try {
    const value = JSON.parse(stored) as Partial<EmailCursor>;
    if (typeof value.uidValidity === 'string' && Number.isInteger(value.lastUid)) {
      return { uidValidity: value.uidValidity, lastUid: value.lastUid as number };
    }
  } catch {
    // A cursor we cannot read starts over; deduplication makes that safe.
  }
  return null;
}

export function imapClient(connection: ConnectionParts, config: Config): ImapFlow {
  const settings = emailSettingsOf(connection.settings);
  const watchdog = config.channelWatchdogSeconds * 1000;
  return new ImapFlow({
    host: settings.imap.host,
    port: settings.imap.port,
    secure: settings.imap.secure,
    auth: { user: settings.imap.user, pass: connection.secrets.imapPassword ?? '' },
    logger: false,
    autoIdleDelay: config.emailIdleDelayMilliseconds,
    // The watchdog: IDLE is restarted well within it, so a connection that stays silent past it
    // is dead (a NAT that dropped it, a hung server) and the socket timeout closes it.
    maxIdleTime: Math.max(1000, Math.floor(watchdog / 2)),
    socketTimeout: watchdog,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
}

export function classifyImapError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const failure = error as {
    authenticationFailed?: boolean;
    responseText?: string;
    message?: string;
  };
  const text = (failure.responseText ?? failure.message ?? String(error)).slice(0, 500);
  if (failure.authenticationFailed) {
    return new ChannelError(`IMAP authentication failed: ${text}`, 'authentication');
  }
  return new ChannelError(`IMAP: ${text}`, 'transient');
}

export async function connectImap(connection: ConnectionParts, config: Config) {
  const client = imapClient(connection, config);
  client.on('error', () => {
    // Reported through the failed command or the 'close' event; an unhandled 'error' would crash.
  });
  try {
    await client.connect();
  } catch (error) {
    throw classifyImapError(error);
  }
  return client;
}

function toInboundMessage(
  mail: ParsedCustomerMail,
  address: string,
  ref: { uidValidity: string; uid: number },
  parent: string | null,
): InboundMessage {
  const now = Date.now();
  return {
    channel: 'email',
    channel_account: address,
    external_id: mail.messageId || `imap.${ref.uidValidity}.${ref.uid}.${address}`,
    direction: 'inbound',
    author: {
      handle: mail.from.address,
      ...(mail.from.name ? { name: mail.from.name.slice(0, 200) } : {}),
    },
    text: mail.text,
    created_at: mailInstant(mail.date, now),
    in_reply_to: parent,
    raw: {
      subject: mail.subject,
      message_id: mail.messageId || null,
      in_reply_to: mail.inReplyTo,
      references: mail.references,
      automated: mail.automated,
      attachments: mail.attachments,
      imap: { uid_validity: ref.uidValidity, uid: ref.uid },
    },
  };
}

/**
 * Reads what arrived after the cursor, in UID order, a chunk at a time: each chunk's messages are
 * made durable (`accept`) before the cursor moves past them, so a crash at any point refetches
 * at most one chunk, which the ingest's (channel, external id) key turns into no-ops. A new
 * UIDVALIDITY (the mailbox was rebuilt) starts over from UID 1, deduplicated the same way.
 */
export async function fetchNewMail(
  client: ImapFlow,
  connection: ChannelConnection,
  sink: InboundSink,
): Promise<{ fetched: number }> {
  const settings = emailSettingsOf(connection.settings);
  const lock = await client.getMailboxLock(settings.imap.mailbox);
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new ChannelError('IMAP: no mailbox selected', 'transient');
    const uidValidity = String(mailbox.uidValidity);
    const stored = parseEmailCursor(await sink.cursor());
    let lastUid = stored && stored.uidValidity === uidValidity ? stored.lastUid : 0;
    // No shortcut on UIDNEXT: a mailbox kept selected does not refresh it; the search does.
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    let fetched = 0;
    for (let start = 0; start < uids.length; start += fetchChunk) {
      const chunk = uids.slice(start, start + fetchChunk);
      const messages = await client.fetchAll(
        chunk.join(','),
        { uid: true, source: true },
        { uid: true },
      );
      messages.sort((a, b) => a.uid - b.uid);
      const batch: InboundMessage[] = [];
      let stop: unknown;
      let through = lastUid;
      for (const message of messages) {
        const ref = `${uidValidity}:${message.uid}`;
        try {
          if (!message.source) throw new Error('the server sent no source');
          const outcome = await parseMail(message.source, {
            accountAddress: settings.address,
            attachmentMaxBytes: sink.config.emailAttachmentMaxBytes,
          });
          if (outcome.kind === 'report') {
            await sink.report(outcome.originalMessageId, {
              delivered: outcome.delivered,
              reason: outcome.reason,
            });
          } else if (outcome.kind === 'message') {
            const candidates = [outcome.inReplyTo, ...[...outcome.references].reverse()].filter(
              (id): id is string => id !== null,
            );
            const parent = candidates.length
              ? await sink.threadParent(candidates, outcome.from.address)
              : null;
            const inbound = toInboundMessage(
              outcome,
              settings.address,
              { uidValidity, uid: message.uid },
              parent,
            );
            const problems = validateInboundMessage(inbound);
            if (problems.length > 0) {
              throw new Error(
                `not a storable message: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
              );
            }
            batch.push(inbound);
          }
          through = message.uid;
        } catch (error) {
          if (await sink.itemFailed(ref, error)) {
            sink.logger.warn({ accountId: connection.account.id, ref }, 'mail quarantined');
            through = message.uid;
            continue;
          }
          stop = error;
          break;
        }
      }
      if (batch.length > 0) await sink.accept(batch);
      fetched += batch.length;
      if (through > lastUid) {
        lastUid = through;
        await sink.saveCursor(JSON.stringify({ uidValidity, lastUid } satisfies EmailCursor));
      }
      if (stop !== undefined) throw stop;
    }
    return { fetched };
  } finally {
    lock.release();
  }
}

export async function openEmailSession(
  connection: ChannelConnection,
  sink: InboundSink,
  signals: { wake(): void; dead(error: unknown): void },
  config: Config,
): Promise<InboundSession> {
  const client = await connectImap(connection, config);
  let closing = false;
  client.on('exists', () => signals.wake());
  client.on('close', () => {
    if (!closing) signals.dead(new ChannelError('IMAP connection closed', 'transient'));
  });
  return {
    async fetch() {
      try {
        return await fetchNewMail(client, connection, sink);
      } catch (error) {
        throw classifyImapError(error);
      }
    },
    async close() {
      closing = true;
      await client.logout().catch(() => client.close());
    },
  };
}

/**
 * When a mail was written. A Date header in the future or before 1970 is a broken clock: the
 * arrival time is truer. A header counts whole seconds, so the mail was sent somewhere in that
 * second: it is placed at the second's end (never after its arrival), so that an answer written
 * within a second of our reply never sorts before the reply it answers.
 */
export function mailInstant(date: number | null, now: number): number {
  if (date === null || date <= 0 || date > now + 3_600_000) return now;
  return date % 1000 === 0 ? Math.min(date + 999, Math.max(date, now)) : date;
}
