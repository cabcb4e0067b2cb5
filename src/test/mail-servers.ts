import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { childEnvironment, inContinuousIntegration } from './test-environment.js';

/**
 * Real Debian Dovecot (IMAP + LMTP) and Postfix (SMTP), configured and started by the test in a
 * temporary folder on free loopback ports: Postfix takes mail for `support.test` and
 * `customer.test` and hands it to Dovecot over LMTP; Dovecot rejects an unknown user, so Postfix
 * bounces with a real DSN. Without the binaries the tests skip with a printed reason, unless
 * CI=true, where they must run (.ci/run installs them).
 */
const dovecotBinary = '/usr/sbin/dovecot';
const postfixBinary = '/usr/sbin/postfix';

/** Why the mail servers cannot run here (printed, for the skipped `what`), or null. */
export function mailServersMissing(what: string): string | null {
  const missing = [dovecotBinary, postfixBinary, '/usr/lib/dovecot/lmtp'].filter(
    (file) => !fs.existsSync(file),
  );
  if (missing.length === 0) return null;
  const reason = `mail server tests need ${missing.join(', ')} (apt-get install dovecot-imapd dovecot-lmtpd postfix)`;
  if (inContinuousIntegration) throw new Error(`CI=true but ${reason}`);
  process.stderr.write(`skipping ${what}: ${reason}\n`);
  return reason;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

export interface MailUser {
  address: string;
  password: string;
}

export interface MailServers {
  folder: string;
  imapPort: number;
  lmtpPort: number;
  smtpPort: number;
  support: MailUser;
  customer: MailUser;
  other: MailUser;
  startPostfix(): Promise<void>;
  stopPostfix(): Promise<void>;
  /** Sends a mail through Postfix (as a customer's mail client would). */
  send(message: SendMailOptions): Promise<string>;
  /** A logged-in IMAP client of `user` (close it after). */
  imap(user: MailUser): Promise<ImapFlow>;
  /** The raw sources of `user`'s INBOX, oldest first. */
  mailbox(user: MailUser): Promise<string[]>;
  /** Posts a raw mail straight into Dovecot over LMTP (no Postfix), for bulk tests. */
  deliverDirect(user: MailUser, source: string): Promise<void>;
  stop(): Promise<void>;
}

function mailUser(): { uid: number; gid: number; loginUser: string; internalUser: string } {
  if (process.getuid?.() === 0) {
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('mail:'));
    const [, , uid, gid] = (line ?? 'mail:x:8:8').split(':');
    return { uid: Number(uid), gid: Number(gid), loginUser: 'dovenull', internalUser: 'dovecot' };
  }
  const me = os.userInfo();
  return { uid: me.uid, gid: me.gid, loginUser: me.username, internalUser: me.username };
}

async function waitForPort(port: number, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on ${port}:\n${log()}`);
}

function readLog(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-4000) : '(no log)';
}

const postfixServices = `
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

export async function startMailServers(): Promise<MailServers> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-mail-'));
  fs.chmodSync(folder, 0o755);
  const [imapPort, lmtpPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const owner = mailUser();
  const support = { address: 'support@support.test', password: 'support-pass' };
  const customer = { address: 'robin@customer.test', password: 'customer-pass' };
  const other = { address: 'sam@customer.test', password: 'other-pass' };

  // Dovecot 2.3: IMAP and LMTP on loopback, users from a passwd-file, Maildir per user.
  const dovecotDir = path.join(folder, 'dovecot');
  const mailDir = path.join(folder, 'mail');
  fs.mkdirSync(path.join(dovecotDir, 'run'), { recursive: true });
  fs.mkdirSync(path.join(dovecotDir, 'state'), { recursive: true });
  fs.mkdirSync(mailDir, { recursive: true });
  fs.chownSync(mailDir, owner.uid, owner.gid);
  const usersFile = path.join(dovecotDir, 'users');
  fs.writeFileSync(
    usersFile,
    [support, customer, other]
      .map(
        (user) =>
          `${user.address}:{PLAIN}${user.password}:${owner.uid}:${owner.gid}::${path.join(mailDir, user.address)}::`,
      )
      .join('\n'),
  );
  const dovecotLog = path.join(dovecotDir, 'dovecot.log');
  const dovecotConfig = path.join(dovecotDir, 'dovecot.conf');
  fs.writeFileSync(
    dovecotConfig,
    `
base_dir = ${dovecotDir}/run
state_dir = ${dovecotDir}/state
instance_name = hearken-${path.basename(folder)}
log_path = ${dovecotLog}
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_login_user = ${owner.loginUser}
default_internal_user = ${owner.internalUser}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu ${usersFile}
}
userdb {
  driver = passwd-file
  args = username_format=%Lu ${usersFile}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  const dovecot: ChildProcess = spawn(dovecotBinary, ['-F', '-c', dovecotConfig], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let dovecotErrors = '';
  dovecot.stderr?.on('data', (chunk) => {
    dovecotErrors += String(chunk);
  });
  const dovecotLogText = () => `${dovecotErrors}\n${readLog(dovecotLog)}`;
  await waitForPort(imapPort, 'dovecot imap', dovecotLogText);
  await waitForPort(lmtpPort, 'dovecot lmtp', dovecotLogText);

  // Postfix: its own instance (config, queue and log in the folder), SMTP on a high port.
  const postfixDir = path.join(folder, 'postfix');
  const queueDir = path.join(postfixDir, 'queue');
  const dataDir = path.join(postfixDir, 'data');
  fs.mkdirSync(queueDir, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // Postfix's master locks its data directory as the mail owner.
    const postfixUser = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postfix:'))
      ?.split(':');
    if (postfixUser) fs.chownSync(dataDir, Number(postfixUser[2]), Number(postfixUser[3]));
  }
  const postfixLog = path.join(postfixDir, 'postfix.log');
  fs.writeFileSync(
    path.join(postfixDir, 'main.cf'),
    `
compatibility_level = 3.6
queue_directory = ${queueDir}
data_directory = ${dataDir}
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.support.test
mydomain = support.test
myorigin = support.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
virtual_mailbox_domains = support.test customer.test
virtual_transport = lmtp:inet:127.0.0.1:${lmtpPort}
smtpd_reject_unlisted_recipient = no
alias_maps =
alias_database =
local_recipient_maps =
lmtp_host_lookup = native
smtp_host_lookup = native
disable_dns_lookups = yes
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
delay_warning_time = 0
maillog_file = ${postfixLog}
maillog_file_prefixes = ${folder}
`,
  );
  fs.writeFileSync(
    path.join(postfixDir, 'master.cf'),
    `127.0.0.1:${smtpPort} inet n - n - - smtpd\n${postfixServices}`,
  );
  const postfixEnvironment = childEnvironment({ MAIL_CONFIG: postfixDir });
  const postfix = (command: string) =>
    execFileSync(postfixBinary, ['-c', postfixDir, command], {
      env: postfixEnvironment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const startPostfix = async () => {
    try {
      postfix('start');
    } catch (error) {
      const failure = error as { stderr?: Buffer };
      throw new Error(
        `postfix start failed: ${failure.stderr?.toString()}\n${readLog(postfixLog)}`,
      );
    }
    await waitForPort(smtpPort, 'postfix smtpd', () => readLog(postfixLog));
  };
  const stopPostfix = async () => {
    try {
      postfix('stop');
    } catch {
      // Already stopped.
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = net.connect(smtpPort, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (!open) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    await startPostfix();
  } catch (error) {
    // Leave nothing running behind a failed start.
    dovecot.kill('SIGTERM');
    throw error;
  }

  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  const imap = async (user: MailUser) => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: imapPort,
      secure: false,
      auth: { user: user.address, pass: user.password },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    return client;
  };

  return {
    folder,
    imapPort,
    lmtpPort,
    smtpPort,
    support,
    customer,
    other,
    startPostfix,
    stopPostfix,
    async send(message) {
      const info = await transport.sendMail(message);
      return info.messageId;
    },
    imap,
    async mailbox(user) {
      const client = await imap(user);
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const exists = client.mailbox ? client.mailbox.exists : 0;
          if (exists === 0) return [];
          const messages = await client.fetchAll('1:*', { source: true, uid: true });
          return messages
            .sort((a, b) => a.uid - b.uid)
            .map((message) => message.source?.toString('utf8') ?? '');
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    async deliverDirect(user, source) {
      const lmtp = nodemailer.createTransport({
        host: '127.0.0.1',
        port: lmtpPort,
        lmtp: true,
        secure: false,
        ignoreTLS: true,
      });
      try {
        await lmtp.sendMail({
          envelope: { from: 'sender@customer.test', to: [user.address] },
          raw: source,
        });
      } finally {
        lmtp.close();
      }
    },
    async stop() {
      transport.close();
      await stopPostfix();
      dovecot.kill('SIGTERM');
      await new Promise((resolve) => {
        if (dovecot.exitCode !== null) resolve(undefined);
        else dovecot.once('exit', resolve);
      });
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
