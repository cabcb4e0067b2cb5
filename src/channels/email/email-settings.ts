import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { ParsedConnection } from '../adapter.js';

const Host = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });

/** What an admin enters to connect a mailbox (the API body and `hearken channels add email`). */
export const EmailConnectionInput = Type.Object(
  {
    address: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    imap: Type.Object(
      {
        host: Host,
        port: Port,
        secure: Type.Optional(Type.Boolean({ description: 'TLS from the start (port 993)' })),
        user: Type.String({ minLength: 1, maxLength: 254 }),
        password: Type.String({ minLength: 1, maxLength: 1000 }),
        mailbox: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    smtp: Type.Object(
      {
        host: Host,
        port: Port,
        secure: Type.Optional(Type.Boolean({ description: 'TLS from the start (port 465)' })),
        user: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
        password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type EmailConnectionInput = Static<typeof EmailConnectionInput>;

/** The stored settings (the passwords are sealed apart, as secrets). */
export interface EmailSettings {
  address: string;
  imap: { host: string; port: number; secure: boolean; user: string; mailbox: string };
  smtp: { host: string; port: number; secure: boolean; user: string | null };
}

const check = TypeCompiler.Compile(EmailConnectionInput);

export function parseEmailConnection(input: unknown): ParsedConnection {
  if (!check.Check(input)) {
    const errors = [...check.Errors(input)]
      .slice(0, 10)
      .map((error) => ({ path: error.path || '/', message: error.message }));
    return { ok: false, errors };
  }
  const address = input.address.trim().toLowerCase();
  const settings: EmailSettings = {
    address,
    imap: {
      host: input.imap.host,
      port: input.imap.port,
      secure: input.imap.secure ?? input.imap.port === 993,
      user: input.imap.user,
      mailbox: input.imap.mailbox ?? 'INBOX',
    },
    smtp: {
      host: input.smtp.host,
      port: input.smtp.port,
      secure: input.smtp.secure ?? input.smtp.port === 465,
      user: input.smtp.user ?? null,
    },
  };
  const secrets: Record<string, string> = { imapPassword: input.imap.password };
  if (input.smtp.password) secrets.smtpPassword = input.smtp.password;
  return {
    ok: true,
    handle: address,
    ...(input.name ? { name: input.name } : {}),
    settings: settings as unknown as Record<string, unknown>,
    secrets,
  };
}

export function emailSettingsOf(settings: Record<string, unknown>): EmailSettings {
  return settings as unknown as EmailSettings;
}
