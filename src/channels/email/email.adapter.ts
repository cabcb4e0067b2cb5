import type { ChannelAdapter } from '../adapter.js';
import { connectImap, openEmailSession } from './email-inbound.js';
import {
  classifySmtpError,
  messageIdFor,
  sendEmailReply,
  smtpTransport,
} from './email-outbound.js';
import { emailSettingsOf, parseEmailConnection } from './email-settings.js';

/** E-mail: IMAP in (IDLE, UID cursor), SMTP out (threaded, DSN-tracked). docs/channels.md. */
export const emailAdapter: ChannelAdapter = {
  kind: 'email',
  parseConnection: parseEmailConnection,
  async test(connection, config) {
    const client = await connectImap(connection, config);
    try {
      const settings = emailSettingsOf(connection.settings);
      const lock = await client.getMailboxLock(settings.imap.mailbox);
      lock.release();
    } finally {
      await client.logout().catch(() => client.close());
    }
    const transport = smtpTransport(connection);
    try {
      await transport.verify();
    } catch (error) {
      throw classifySmtpError(error);
    } finally {
      transport.close();
    }
  },
  outbound: {
    externalIdFor(connection, idempotencyKey) {
      return messageIdFor(emailSettingsOf(connection.settings).address, idempotencyKey);
    },
    send(connection, reply) {
      return sendEmailReply(connection, reply);
    },
  },
  inbound: {
    open(connection, sink, signals) {
      return openEmailSession(connection, sink, signals, sink.config);
    },
  },
};
