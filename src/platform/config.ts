import { isIP } from 'node:net';
import path from 'node:path';
import { parseSecretKey } from './secrets.js';

/**
 * Every setting Hearken reads, declared once: its environment variable, default, parser and a
 * one-line meaning. The README's configuration table is generated from this list
 * (`npm run docs:config`), and this is the only module that reads `process.env`.
 */
type Parser<T> = (raw: string) => T;

interface SettingSpec<T> {
  env: string;
  defaultValue: T | undefined;
  describe: string;
  defaultLabel?: string;
  parse: Parser<T>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`expected an integer, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new Error(`expected ${min}..${max}, got ${value}`);
    return value;
  };

const boolean: Parser<boolean> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
};

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    if (!(values as string[]).includes(raw)) {
      throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };

const text: Parser<string> = (raw) => raw;

const databaseUrl: Parser<string> = (raw) => {
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new Error('expected a postgres:// URL (leave unset for the embedded SQLite database)');
  }
  return raw;
};

const addressList: Parser<string> = (raw) => {
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address ?? '');
    const maxBits = version === 6 ? 128 : 32;
    const bitsValid =
      bits === undefined ||
      (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits && extra === undefined);
    if (version === 0 || !bitsValid) throw new Error(`"${entry}" is not an address or CIDR`);
  }
  return entries.join(',');
};

const channelKindList: Parser<string> = (raw) => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!/^[a-z][a-z0-9_-]{0,39}(:\d{1,5})?$/.test(entry)) {
      throw new Error(`"${entry}" is not a channel kind, optionally with :hours`);
    }
  }
  return entries.join(',');
};

function setting<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}

export const settingSpecs = {
  port: setting({
    env: 'PORT',
    defaultValue: 3000,
    parse: integer(0, 65535),
    describe: 'HTTP port to listen on.',
  }),
  host: setting({
    env: 'HOST',
    defaultValue: '127.0.0.1',
    parse: text,
    describe: 'Interface to listen on (`0.0.0.0` to accept connections from other machines).',
  }),
  dataDir: setting({
    env: 'HEARKEN_DATA_DIR',
    defaultValue: './data',
    parse: text,
    describe: 'Folder of the embedded SQLite database (`hearken.db`).',
  }),
  databaseUrl: setting({
    env: 'DATABASE_URL',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(unset: SQLite)',
    parse: databaseUrl,
    describe: 'PostgreSQL connection URL; when set, Hearken uses PostgreSQL instead of SQLite.',
  }),
  databasePoolSize: setting({
    env: 'HEARKEN_DATABASE_POOL_SIZE',
    defaultValue: 10,
    parse: integer(1, 200),
    describe: 'Maximum PostgreSQL connections per process.',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    defaultValue: 'info' as const,
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    describe: 'Log level (logs are JSON lines on stdout).',
  }),
  publicUrl: setting({
    env: 'HEARKEN_PUBLIC_URL',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(http://localhost:PORT)',
    parse: text,
    describe: 'Address users reach Hearken at, used in printed sign-in instructions and links.',
  }),
  portalUrl: setting({
    env: 'HEARKEN_PORTAL_URL',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(HEARKEN_PUBLIC_URL + /portal)',
    parse: (raw) => {
      const parsed = new URL(raw);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new Error('expected an http:// or https:// URL');
      }
      return raw.replace(/\/+$/, '');
    },
    describe:
      'Address the public portal is reached at (its own domain, or a path): canonical links, sitemap, e-mailed sign-in links.',
  }),
  adminEmail: setting({
    env: 'HEARKEN_ADMIN_EMAIL',
    defaultValue: 'admin@example.com',
    parse: text,
    describe: 'E-mail of the admin account created on first start (its password is printed once).',
  }),
  secureCookies: setting({
    env: 'HEARKEN_SECURE_COOKIES',
    defaultValue: false,
    parse: boolean,
    describe: 'Mark session cookies `Secure` (turn on behind HTTPS).',
  }),
  sessionTtlHours: setting({
    env: 'HEARKEN_SESSION_TTL_HOURS',
    defaultValue: 24 * 14,
    parse: integer(1, 24 * 365),
    describe: 'Hours a sign-in session lasts without use.',
  }),
  participantSessionTtlHours: setting({
    env: 'HEARKEN_PARTICIPANT_SESSION_TTL_HOURS',
    defaultValue: 24 * 7,
    parse: integer(1, 24 * 90),
    describe:
      'Hours a participant session (a customer, partner or panel member signed in by e-mailed link) lasts without use.',
  }),
  invitationLifetimeHours: setting({
    env: 'HEARKEN_INVITATION_LIFETIME_HOURS',
    defaultValue: 72,
    parse: integer(1, 24 * 30),
    describe: 'Hours an invitation link (to set a first password) stays usable.',
  }),
  consentWithdrawalLinkLifetimeDays: setting({
    env: 'HEARKEN_CONSENT_WITHDRAWAL_LINK_LIFETIME_DAYS',
    defaultValue: 365,
    parse: integer(1, 3650),
    describe: 'Days the one-click consent-withdrawal link in a message stays usable.',
  }),
  passwordLinkLifetimeMinutes: setting({
    env: 'HEARKEN_PASSWORD_LINK_LIFETIME_MINUTES',
    defaultValue: 60,
    parse: integer(5, 24 * 60),
    describe: 'Minutes a password-reset link stays usable.',
  }),
  loginMaxFailures: setting({
    env: 'HEARKEN_LOGIN_MAX_FAILURES',
    defaultValue: 5,
    parse: integer(1, 100),
    describe:
      'Failed sign-ins to one account from one address (or from one browser that signed in to it before) after which each further attempt from there waits a growing delay.',
  }),
  loginAccountMaxFailures: setting({
    env: 'HEARKEN_LOGIN_ACCOUNT_MAX_FAILURES',
    defaultValue: 20,
    parse: integer(1, 10_000),
    describe:
      'Failed sign-ins to one account from anywhere after which browsers that never signed in to it wait too; browsers that did are exempt, so nobody can lock the owner out.',
  }),
  loginAddressMaxFailures: setting({
    env: 'HEARKEN_LOGIN_ADDRESS_MAX_FAILURES',
    defaultValue: 100,
    parse: integer(1, 100_000),
    describe:
      'Failed sign-ins from one address (an IPv6 /64) to any accounts after which its attempts wait too.',
  }),
  loginFirstDelaySeconds: setting({
    env: 'HEARKEN_LOGIN_FIRST_DELAY_SECONDS',
    defaultValue: 30,
    parse: integer(1, 3600),
    describe: 'Delay once a sign-in limit is reached; each further failure doubles it.',
  }),
  loginMaxDelayMinutes: setting({
    env: 'HEARKEN_LOGIN_MAX_DELAY_MINUTES',
    defaultValue: 15,
    parse: integer(1, 24 * 60),
    describe:
      'Longest delay between sign-in attempts; failures are forgotten after a day without any.',
  }),
  trustedProxies: setting({
    env: 'HEARKEN_TRUSTED_PROXIES',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(none)',
    parse: addressList,
    describe:
      'Comma-separated addresses or CIDRs of reverse proxies whose `X-Forwarded-For` names the client (the sign-in throttle counts per client address).',
  }),
  bodyLimitBytes: setting({
    env: 'HEARKEN_BODY_LIMIT_BYTES',
    defaultValue: 5 * 1024 * 1024,
    parse: integer(1024, 512 * 1024 * 1024),
    describe: 'Largest accepted HTTP request body; larger bodies get 413.',
  }),
  embeddedWorker: setting({
    env: 'HEARKEN_EMBEDDED_WORKER',
    defaultValue: true,
    parse: boolean,
    describe: '`hearken serve` also runs a job worker and the scheduler in the same process.',
  }),
  workerConcurrency: setting({
    env: 'HEARKEN_WORKER_CONCURRENCY',
    defaultValue: 1,
    parse: integer(1, 64),
    describe: 'Jobs one worker process runs at the same time.',
  }),
  jobLeaseSeconds: setting({
    env: 'HEARKEN_JOB_LEASE_SECONDS',
    defaultValue: 120,
    parse: integer(5, 24 * 3600),
    describe: 'Seconds a claimed job stays leased; a job whose worker died is retried after this.',
  }),
  jobPollMilliseconds: setting({
    env: 'HEARKEN_JOB_POLL_MS',
    defaultValue: 250,
    parse: integer(10, 60_000),
    describe: 'How often an idle worker looks for new jobs.',
  }),
  agentOfflineMinutes: setting({
    env: 'HEARKEN_AGENT_OFFLINE_MINUTES',
    defaultValue: 15,
    parse: integer(1, 24 * 60),
    describe: 'Minutes without session activity after which an available agent counts as offline.',
  }),
  alertMinimumCount: setting({
    env: 'HEARKEN_ALERT_MIN_COUNT',
    defaultValue: 10,
    parse: integer(1, 100_000),
    describe: 'Fewest messages in an hour for a backlash alert (below it, no spike counts).',
  }),
  alertZThreshold: setting({
    env: 'HEARKEN_ALERT_Z_THRESHOLD',
    defaultValue: 4,
    parse: integer(1, 100),
    describe: 'Robust z-score of an hour against its hour-of-week baseline that counts as a spike.',
  }),
  alertCooldownHours: setting({
    env: 'HEARKEN_ALERT_COOLDOWN_HOURS',
    defaultValue: 3,
    parse: integer(1, 24 * 7),
    describe: 'Quiet hours after which a spike is over; until then it never alerts again.',
  }),
  alertEmailTo: setting({
    env: 'HEARKEN_ALERT_EMAIL_TO',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(admins and leads)',
    parse: text,
    describe: 'Comma-separated recipients of alert e-mails.',
  }),
  smtpUrl: setting({
    env: 'HEARKEN_SMTP_URL',
    defaultValue: undefined as string | undefined,
    defaultLabel: '(unset: e-mails stay in the outbox)',
    parse: text,
    describe:
      'SMTP server for e-mails, `smtp://user:pass@host:25` or `smtps://...:465`; unset, e-mails wait in the outbox as `not_configured`.',
  }),
  allowInternalWebhooks: setting({
    env: 'HEARKEN_ALLOW_INTERNAL_WEBHOOKS',
    defaultValue: false,
    parse: boolean,
    describe:
      'Let webhooks call loopback, link-local and private addresses (off: such URLs are refused; turn on only in a closed network or tests).',
  }),
  secretKey: setting({
    env: 'HEARKEN_SECRET_KEY',
    defaultValue: undefined as Buffer | undefined,
    defaultLabel: '(unset: channels with passwords cannot be added)',
    parse: parseSecretKey as Parser<Buffer | undefined>,
    describe:
      'Key that encrypts channel passwords and tokens at rest (AES-256-GCM): 32 bytes as 64 hex digits, e.g. `openssl rand -hex 32`. Boot fails when stored secrets exist and it is missing or wrong.',
  }),
  channelRunner: setting({
    env: 'HEARKEN_CHANNEL_RUNNER',
    defaultValue: true,
    parse: boolean,
    describe:
      'Job workers (`hearken worker`, and `serve` with its embedded worker) also keep the channel connections (IMAP IDLE) open and fetch.',
  }),
  channelAlertFailures: setting({
    env: 'HEARKEN_CHANNEL_ALERT_FAILURES',
    defaultValue: 5,
    parse: integer(1, 1000),
    describe: 'Consecutive failures of a channel account after which the admins are alerted.',
  }),
  channelPollSeconds: setting({
    env: 'HEARKEN_CHANNEL_POLL_SECONDS',
    defaultValue: 60,
    parse: integer(1, 24 * 3600),
    describe:
      'Seconds between fetches of a channel account even when IDLE reported nothing (the fallback when IDLE misses mail).',
  }),
  channelWatchdogSeconds: setting({
    env: 'HEARKEN_CHANNEL_WATCHDOG_SECONDS',
    defaultValue: 300,
    parse: integer(1, 24 * 3600),
    describe:
      'Seconds without an answer from an IMAP connection after which it is taken for dead and reopened.',
  }),
  emailIdleDelayMilliseconds: setting({
    env: 'HEARKEN_EMAIL_IDLE_DELAY_MS',
    defaultValue: 1000,
    parse: integer(10, 600_000),
    describe:
      'Milliseconds of quiet after which an IMAP connection enters IDLE (until then new mail waits for the next poll).',
  }),
  emailAttachmentMaxBytes: setting({
    env: 'HEARKEN_EMAIL_ATTACHMENT_MAX_BYTES',
    defaultValue: 256 * 1024,
    parse: integer(0, 64 * 1024 * 1024),
    describe:
      'Largest e-mail attachment whose content is kept with the message; larger ones keep only their name, type and size.',
  }),
  bypassThresholdHours: setting({
    env: 'HEARKEN_BYPASS_THRESHOLD_HOURS',
    defaultValue: 24,
    parse: integer(1, 24 * 365),
    describe:
      'Age an unresolved conversation on another channel must have for a new social conversation of the same contact to count as social bypass.',
  }),
  bypassSocialChannels: setting({
    env: 'HEARKEN_BYPASS_SOCIAL_CHANNELS',
    defaultValue: 'twitter,bluesky,facebook,instagram,mastodon,threads,tiktok,linkedin',
    parse: channelKindList,
    describe:
      'Channel kinds that count as social for bypass detection, comma-separated; `kind:hours` gives that kind its own threshold (e.g. `twitter,bluesky:12`).',
  }),
  bypassPriority: setting({
    env: 'HEARKEN_BYPASS_PRIORITY',
    defaultValue: 'high' as const,
    parse: oneOf('none', 'high', 'urgent'),
    describe:
      'Priority a conversation flagged as social bypass is raised to (never lowered); `none` flags without raising.',
  }),
  webhookTimeoutSeconds: setting({
    env: 'HEARKEN_WEBHOOK_TIMEOUT_SECONDS',
    defaultValue: 10,
    parse: integer(1, 60),
    describe: 'Seconds a webhook receiver has to answer before the attempt counts as failed.',
  }),
  webhookMaxAttempts: setting({
    env: 'HEARKEN_WEBHOOK_MAX_ATTEMPTS',
    defaultValue: 8,
    parse: integer(1, 50),
    describe: 'Attempts per webhook delivery before it becomes a dead letter in the delivery log.',
  }),
  webhookRetryBaseSeconds: setting({
    env: 'HEARKEN_WEBHOOK_RETRY_BASE_SECONDS',
    defaultValue: 30,
    parse: integer(1, 3600),
    describe:
      'Wait before a failed webhook delivery is retried, doubled at each further failure (at most an hour); a 429 or 503 with `Retry-After` waits what it asks.',
  }),
  webhookDisableAfterFailures: setting({
    env: 'HEARKEN_WEBHOOK_DISABLE_AFTER_FAILURES',
    defaultValue: 20,
    parse: integer(1, 10_000),
    describe:
      'Failed webhook attempts in a row after which the subscription is disabled, with the reason shown to admins.',
  }),
  checkBackDays: setting({
    env: 'HEARKEN_CHECK_BACK_DAYS',
    defaultValue: 30,
    parse: integer(0, 3650),
    describe:
      'Days after a decision ships before the people linked to it are asked "did this fix it for you?" (0: at once).',
  }),
  smtpFrom: setting({
    env: 'HEARKEN_SMTP_FROM',
    defaultValue: 'hearken@localhost',
    parse: text,
    describe: 'Sender address of e-mails.',
  }),
};

type Specs = typeof settingSpecs;
export type Config = {
  [K in keyof Specs]: Specs[K] extends SettingSpec<infer T> ? T : never;
};

/**
 * Reads the configuration from an environment map and fails naming every bad setting at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(settingSpecs) as [string, SettingSpec<unknown>][]) {
    const raw = env[spec.env];
    if (raw === undefined || raw === '') {
      config[key] = spec.defaultValue;
      continue;
    }
    try {
      config[key] = spec.parse(raw);
    } catch (error) {
      problems.push(`${spec.env}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config as Config;
}

export function databaseFilePath(config: Config): string {
  return path.resolve(config.dataDir, 'hearken.db');
}

export function publicUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/** The portal's own origin and path, without a trailing slash (e.g. https://community.example.com). */
export function portalUrl(config: Config): string {
  return config.portalUrl ?? `${publicUrl(config).replace(/\/+$/, '')}/portal`;
}

/** Markdown table of all settings, for the README. */
export function configurationTable(): string {
  const rows = Object.values(settingSpecs).map((spec: SettingSpec<unknown>) => {
    const shown =
      spec.defaultLabel ??
      (spec.defaultValue === undefined ? '' : `\`${String(spec.defaultValue)}\``);
    return `| \`${spec.env}\` | ${shown} | ${spec.describe} |`;
  });
  return ['| Setting | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}
