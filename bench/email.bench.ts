import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectChannel } from '../src/channels/channel-admin.service.js';
import { sendEmailReply } from '../src/channels/email/email-outbound.js';
import { openRuntime } from '../src/cli/runtime.js';
import type { Principal } from '../src/modules/auth/index.js';
import { openChannelConnection } from '../src/modules/channels/index.js';
import { loadConfig } from '../src/platform/config.js';
import { startMailServers } from '../src/test/mail-servers.js';
import { figure, note } from './report.js';

/**
 * E-mail channel figures against real Dovecot and Postfix (started here, like the tests):
 * (1) time from a mail's delivery to Dovecot (LMTP answered) to its message in the inbox (the
 * ingest job committed), p50/p95 over `--mails` mails sent one every `--gap` ms, with the default
 * settings (IDLE, embedded SQLite); (2) SMTP send throughput of the adapter through Postfix,
 * one connection per reply as the delivery job sends. Prints `key=value` lines and ceilings.
 */
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const mails = argument('mails', 200);
const gapMilliseconds = argument('gap', 100);
const sends = argument('sends', 200);
const ceilings = { p95Milliseconds: 3000, minimumSendsPerSecond: 5 };

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
};

const servers = await startMailServers();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-email-'));
const runtime = await openRuntime({
  config: { ...loadConfig({}), dataDir, logLevel: 'silent', secretKey: randomBytes(32) },
});
try {
  const principal = {
    kind: 'token',
    organisationId: runtime.organisationId,
    userId: null,
    tokenId: null,
    role: 'admin',
    name: 'bench',
    permissions: new Set(['admin']),
    csrfToken: null,
    sessionId: null,
  } as unknown as Principal;
  const account = await connectChannel(
    runtime,
    principal,
    'email',
    {
      address: servers.support.address,
      imap: {
        host: '127.0.0.1',
        port: servers.imapPort,
        user: servers.support.address,
        password: servers.support.password,
      },
      smtp: { host: '127.0.0.1', port: servers.smtpPort },
    },
    { test: true },
  );
  runtime.worker.start();
  runtime.channels.start();

  const deliveredAt = new Map<string, number>();
  const latencies: number[] = [];
  const pending = new Set<string>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      if (pending.size > 0) {
        const rows = await runtime.database.db
          .selectFrom('messages')
          .select('external_id')
          .where('external_id', 'in', [...pending])
          .execute();
        const now = performance.now();
        for (const row of rows) {
          const id = row.external_id as string;
          latencies.push(now - (deliveredAt.get(id) ?? now));
          pending.delete(id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  for (let index = 0; index < mails; index++) {
    const id = `bench-${index}@customer.test`;
    await servers.deliverDirect(
      servers.support,
      [
        `From: customer${index}@customer.test`,
        `To: ${servers.support.address}`,
        `Subject: Order ${index}`,
        `Message-ID: <${id}>`,
        `Date: ${new Date().toUTCString()}`,
        '',
        `Where is my order ${index}? It was due on Monday.`,
        '',
      ].join('\r\n'),
    );
    deliveredAt.set(id, performance.now());
    pending.add(id);
    await new Promise((resolve) => setTimeout(resolve, gapMilliseconds));
  }
  const deadline = Date.now() + 60_000;
  while (pending.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  polling = false;
  await poller;
  note(
    `mails delivered to Dovecot by LMTP one every ${gapMilliseconds} ms; worker and IMAP runner in this process`,
  );
  figure('mails', mails);
  figure('mails_in_inbox', latencies.length);
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  figure('delivery_to_inbox_p50_ms', Math.round(p50));
  figure('delivery_to_inbox_p95_ms', Math.round(p95));
  figure('delivery_to_inbox_max_ms', Math.round(Math.max(...latencies)));
  note(
    `ceiling p95 <= ${ceilings.p95Milliseconds} ms: ${p95 <= ceilings.p95Milliseconds ? 'PASS' : 'MISS'}`,
  );

  await runtime.channels.stop();
  const connection = await openChannelConnection(runtime.database.db, runtime.config, account.id);
  if (!connection) throw new Error('no connection');
  const started = performance.now();
  for (let index = 0; index < sends; index++) {
    await sendEmailReply(connection, {
      idempotencyKey: `bench-send-${index}`,
      text: `Your order ${index} left the depot today.`,
      authorName: 'Bench',
      recipient: servers.customer.address,
      thread: [{ externalId: `bench-${index}@customer.test`, raw: { subject: `Order ${index}` } }],
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = sends / seconds;
  figure('smtp_sends', sends);
  figure('smtp_sends_per_second', Math.round(perSecond * 10) / 10);
  note(
    `ceiling >= ${ceilings.minimumSendsPerSecond} sends/s: ${perSecond >= ceilings.minimumSendsPerSecond ? 'PASS' : 'MISS'}`,
  );
} finally {
  await runtime.close();
  await servers.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
