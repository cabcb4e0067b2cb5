import net from 'node:net';
import tls from 'node:tls';

export interface Email {
  from: string;
  to: string;
  subject: string;
  body: string;
  /** An HTML alternative of `body` (the caller escapes what it did not write itself). */
  html?: string;
  /** A Message-ID of the caller's (`<...@...>`), so a copy can be told from a new message. */
  messageId?: string;
  /** Extra headers, e.g. `List-Unsubscribe`; names and values without line breaks. */
  headers?: Record<string, string>;
}

/**
 * The server never took the message (refused, unreachable, failed before the data was sent): it
 * is safe to try again. Any other error may have come after the server accepted the mail.
 */
export class MailNotSentError extends Error {
  override name = 'MailNotSent';
}

/**
 * A minimal SMTP client (RFC 5321): `smtp://[user:pass@]host[:port]` in clear text, or
 * `smtps://` over implicit TLS (port 465); AUTH PLAIN when credentials are given. No STARTTLS:
 * point it at a local relay or an implicit-TLS submission port. The one sender of system mail
 * (alert e-mails, invitations, password links), without a mail library.
 */
export async function sendEmail(smtpUrl: string, email: Email, timeoutMs = 10_000): Promise<void> {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:')
    throw new Error('HEARKEN_SMTP_URL must be smtp:// or smtps://');
  const port = Number(url.port || (secure ? 465 : 25));
  const socket = secure
    ? tls.connect({ host: url.hostname, port, servername: url.hostname })
    : net.connect({ host: url.hostname, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('SMTP server timed out')));
  const replies = replyReader(socket);
  let dataSent = false;
  try {
    await expect(replies, 220);
    await command(socket, replies, 'EHLO hearken', 250);
    if (url.username) {
      const credentials = `\u0000${decodeURIComponent(url.username)}\u0000${decodeURIComponent(url.password)}`;
      await command(
        socket,
        replies,
        `AUTH PLAIN ${Buffer.from(credentials).toString('base64')}`,
        235,
      );
    }
    await command(socket, replies, `MAIL FROM:<${email.from}>`, 250);
    await command(socket, replies, `RCPT TO:<${email.to}>`, 250);
    await command(socket, replies, 'DATA', 354);
    const message = [...headerLines(email), '', ...bodyLines(email)]
      // Dot-stuffing: a line that starts with "." gets another, so it cannot end the data.
      .map((line) => (line.startsWith('.') ? `.${line}` : line))
      .join('\r\n');
    dataSent = true;
    await command(socket, replies, `${message}\r\n.`, 250);
    socket.write('QUIT\r\n');
  } catch (error) {
    if (!dataSent) throw new MailNotSentError((error as Error).message);
    throw error;
  } finally {
    socket.end();
  }
}

const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

function headerLines(email: Email): string[] {
  const lines = [
    `From: ${email.from}`,
    `To: ${email.to}`,
    `Subject: ${oneLine(email.subject)}`,
    `Date: ${new Date().toUTCString()}`,
  ];
  if (email.messageId) lines.push(`Message-ID: ${oneLine(email.messageId)}`);
  for (const [name, value] of Object.entries(email.headers ?? {})) {
    if (/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) lines.push(`${name}: ${oneLine(value)}`);
  }
  lines.push('MIME-Version: 1.0');
  if (email.html === undefined) lines.push('Content-Type: text/plain; charset=utf-8');
  else lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  return lines;
}

/** Fixed: it cannot occur in a body line because every part starts it with "--=_hearken". */
const boundary = '=_hearken_alternative_7f3a';

function bodyLines(email: Email): string[] {
  const text = email.body.split(/\r?\n/);
  if (email.html === undefined) return text;
  return [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...email.html.split(/\r?\n/),
    `--${boundary}--`,
  ];
}

type Replies = () => Promise<{ code: number; text: string }>;

/** Reads whole replies (multi-line ones are `250-...` lines ending with `250 ...`). */
function replyReader(socket: net.Socket): Replies {
  let buffer = '';
  const waiting: ((error: Error | null) => void)[] = [];
  let failure: Error | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (const wake of waiting.splice(0)) wake(null);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const wake of waiting.splice(0)) wake(error);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('SMTP connection closed')));
  return async () => {
    for (;;) {
      const match = /^(?:\d{3}-[^\r\n]*\r\n)*(\d{3}) [^\r\n]*\r\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match[0].length);
        return { code: Number(match[1]), text: match[0].trim() };
      }
      if (failure) throw failure;
      await new Promise<void>((resolve, reject) =>
        waiting.push((error) => (error ? reject(error) : resolve())),
      );
    }
  };
}

async function expect(replies: Replies, code: number): Promise<void> {
  const reply = await replies();
  if (reply.code !== code) throw new Error(`SMTP server answered "${reply.text}" (wanted ${code})`);
}

async function command(socket: net.Socket, replies: Replies, line: string, code: number) {
  socket.write(`${line}\r\n`);
  await expect(replies, code);
}
