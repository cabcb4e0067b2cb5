import net from 'node:net';
import tls from 'node:tls';

export interface Email {
  from: string;
  to: string;
  subject: string;
  body: string;
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
    const message = [
      `From: ${email.from}`,
      `To: ${email.to}`,
      `Subject: ${email.subject.replace(/[\r\n]+/g, ' ')}`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      // Dot-stuffing: a line that starts with "." gets another, so it cannot end the data.
      ...email.body.split(/\r?\n/).map((line) => (line.startsWith('.') ? `.${line}` : line)),
    ].join('\r\n');
    await command(socket, replies, `${message}\r\n.`, 250);
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
  }
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
