import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmail } from './mail.js';

/** A scripted SMTP server on 127.0.0.1 that records the conversation. */
let server: net.Server;
const sessions: string[][] = [];
/** Resolved with a session's lines once the server has read its QUIT. */
const quitListeners: ((lines: string[]) => void)[] = [];
const nextQuit = () => new Promise<string[]>((resolve) => quitListeners.push(resolve));

beforeAll(async () => {
  server = net.createServer((socket) => {
    const lines: string[] = [];
    sessions.push(lines);
    let inData = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end = buffer.indexOf('\r\n');
      while (end !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 queued\r\n');
          }
        } else if (line.startsWith('EHLO')) socket.write('250-test\r\n250 AUTH PLAIN\r\n');
        else if (line.startsWith('AUTH PLAIN')) socket.write('235 ok\r\n');
        else if (line.startsWith('MAIL') || line.startsWith('RCPT')) socket.write('250 ok\r\n');
        else if (line === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line === 'QUIT') {
          socket.end('221 bye\r\n');
          for (const listener of quitListeners.splice(0)) listener(lines);
        }
        end = buffer.indexOf('\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('SMTP sender', () => {
  it('authenticates, sends one message with dot-stuffing, and quits', async () => {
    const port = (server.address() as AddressInfo).port;
    const quit = nextQuit();
    await sendEmail(`smtp://alerts:s3cret@127.0.0.1:${port}`, {
      from: 'hearken@example.com',
      to: 'lead@example.com',
      subject: 'Backlash alert',
      body: 'Spike on @AcmeBank\n.hidden line',
    });
    // The client may finish before the server has read its QUIT: wait for the server to.
    const lines = await quit;
    expect(sessions).toEqual([lines]);
    expect(lines[0]).toBe('EHLO hearken');
    expect(lines[1]).toBe(
      `AUTH PLAIN ${Buffer.from('\u0000alerts\u0000s3cret').toString('base64')}`,
    );
    expect(lines).toContain('MAIL FROM:<hearken@example.com>');
    expect(lines).toContain('RCPT TO:<lead@example.com>');
    expect(lines).toContain('Subject: Backlash alert');
    expect(lines).toContain('..hidden line');
    expect(lines.at(-1)).toBe('QUIT');
  });

  it('fails when the server refuses a recipient', async () => {
    const refusing = net.createServer((socket) => {
      socket.write('220 test\r\n');
      socket.on('data', (chunk) => {
        const line = chunk.toString();
        if (line.startsWith('EHLO')) socket.write('250 test\r\n');
        else if (line.startsWith('MAIL')) socket.write('250 ok\r\n');
        else if (line.startsWith('RCPT')) socket.write('550 no such user\r\n');
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const port = (refusing.address() as AddressInfo).port;
    await expect(
      sendEmail(`smtp://127.0.0.1:${port}`, {
        from: 'a@example.com',
        to: 'b@example.com',
        subject: 's',
        body: 'b',
      }),
    ).rejects.toThrow(/550 no such user/);
    await new Promise((resolve) => refusing.close(resolve));
  });
});
