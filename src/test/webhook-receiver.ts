import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a receiver got, with the answer it gave. */
export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server on the loopback that records every request and answers from a script:
 * `answers` is consumed in order, then `fallback` answers the rest.
 */
export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  answers: Answer[];
  fallback: Answer;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = {
    received: [],
    answers: [],
    fallback: { status: 204 },
  };
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const answer = receiver.answers.shift() ?? receiver.fallback;
      receiver.received.push({
        path: request.url ?? '',
        headers: request.headers,
        body,
        answered: answer.status,
      });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/**
 * Checks a `Hearken-Signature: t=...,v1=...` header the way a receiver would, written apart from
 * the code that signs (as docs/webhooks.md tells integrators to).
 */
export function receiverAcceptsSignature(
  secret: string,
  header: string | string[] | undefined,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (typeof header !== 'string') return false;
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return false;
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const givenBytes = Buffer.from(given, 'hex');
  return givenBytes.length === expected.length && timingSafeEqual(givenBytes, expected);
}
