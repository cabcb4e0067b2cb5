import nodemailer from 'nodemailer';
import type { ChannelConnection } from '../../modules/channels/index.js';
import { ChannelError, type ConnectionParts, type OutboundReply } from '../adapter.js';
import { ownMailHeader } from './email-parse.js';
import { emailSettingsOf } from './email-settings.js';

/** The Message-ID of a reply, from its idempotency key: the same on every retry. */
export function messageIdFor(address: string, idempotencyKey: string): string {
  const domain = address.split('@')[1] ?? 'hearken.invalid';
  return `hearken.${idempotencyKey}@${domain}`;
}

interface ThreadRaw {
  subject?: unknown;
  references?: unknown;
}

/** Subject and threading headers, so the reply sits in the customer's thread in any client. */
export function threadHeaders(thread: OutboundReply['thread']) {
  const first = thread[0]?.raw as ThreadRaw | null | undefined;
  const subject =
    typeof first?.subject === 'string' && first.subject ? first.subject : 'Your message';
  const last = thread.at(-1);
  const lastRaw = last?.raw as ThreadRaw | null | undefined;
  const earlier = Array.isArray(lastRaw?.references)
    ? lastRaw.references.filter((id): id is string => typeof id === 'string')
    : [];
  const parent = last?.externalId ?? null;
  // RFC 5322 keeps References bounded in practice: the first and the latest dozens are enough.
  const chain = [...earlier, ...(parent ? [parent] : [])];
  const references = chain.length > 40 ? [chain[0] as string, ...chain.slice(-39)] : chain;
  return {
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
    inReplyTo: parent ? `<${parent}>` : undefined,
    references: references.map((id) => `<${id}>`).join(' ') || undefined,
  };
}

/**
 * Classifies an SMTP failure: 4xx and connection trouble are passing (retry, no sooner than a 421
 * asks), 5xx is the server's final refusal, 535 means the credentials no longer work.
 */
export function classifySmtpError(error: unknown): ChannelError {
  const failure = error as {
    responseCode?: number;
    code?: string;
    response?: string;
    message?: string;
  };
  const text = (failure.response ?? failure.message ?? String(error)).slice(0, 500);
  const code = failure.responseCode;
  if (code === 535 || code === 534 || failure.code === 'EAUTH') {
    return new ChannelError(`SMTP authentication failed: ${text}`, 'authentication');
  }
  if (code !== undefined && code >= 500) return new ChannelError(text, 'permanent');
  if (code === 421 || code === 450 || code === 451 || code === 452) {
    return new ChannelError(text, 'transient', 60_000);
  }
  return new ChannelError(text, 'transient');
}

export function smtpTransport(connection: ConnectionParts) {
  const settings = emailSettingsOf(connection.settings);
  const password = connection.secrets.smtpPassword;
  return nodemailer.createTransport({
    host: settings.smtp.host,
    port: settings.smtp.port,
    secure: settings.smtp.secure,
    ...(settings.smtp.user && password
      ? { auth: { user: settings.smtp.user, pass: password } }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // The server's certificate is checked like any TLS client does; a local relay without TLS
    // is used as is (STARTTLS when offered).
  });
}

export async function sendEmailReply(
  connection: ChannelConnection,
  reply: OutboundReply,
): Promise<void> {
  const settings = emailSettingsOf(connection.settings);
  const headers = threadHeaders(reply.thread);
  const messageId = messageIdFor(settings.address, reply.idempotencyKey);
  const transport = smtpTransport(connection);
  try {
    await transport.sendMail({
      from: { name: connection.account.name || settings.address, address: settings.address },
      to: reply.recipient,
      subject: headers.subject,
      text: reply.text,
      messageId: `<${messageId}>`,
      ...(headers.inReplyTo ? { inReplyTo: headers.inReplyTo } : {}),
      ...(headers.references ? { references: headers.references } : {}),
      headers: {
        [ownMailHeader]: reply.idempotencyKey,
        // RFC 3834: a reply a person wrote is not auto-submitted, but we ask robots not to answer.
        'X-Auto-Response-Suppress': 'All',
      },
      // Bounces and delivery notices come back to the account's mailbox, matched by ENVID.
      dsn: {
        id: reply.idempotencyKey,
        return: 'headers',
        notify: ['success', 'failure'],
        recipient: reply.recipient,
      },
    });
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    transport.close();
  }
}
