import fs from 'node:fs';
import { connectChannel } from '../../channels/channel-admin.service.js';
import type { Principal } from '../../modules/auth/index.js';
import {
  channelHealthOf,
  disconnectChannelAccount,
  pauseChannelAccount,
  requestChannelFetch,
} from '../../modules/channels/index.js';
import { AppError } from '../../platform/errors.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { openRuntime, type Runtime } from '../runtime.js';

const usage = [
  'hearken channels list',
  'hearken channels add email --address ADDRESS --imap-host HOST --imap-port PORT --imap-user USER',
  '    --imap-password-file FILE --smtp-host HOST --smtp-port PORT [--smtp-user USER]',
  '    [--smtp-password-file FILE] [--name NAME] [--no-test]',
  'hearken channels pause|resume|fetch|remove ID',
  '(passwords are read from files, never from the command line, where `ps` would show them)',
].join('\n');

/** The server console acts as an admin of the instance's organisation (audited as such). */
function consolePrincipal(runtime: Runtime): Principal {
  return {
    kind: 'token',
    organisationId: runtime.organisationId,
    userId: null,
    tokenId: null,
    role: 'admin',
    name: 'server console',
    permissions: new Set(['admin']),
    csrfToken: null,
    sessionId: null,
  } as Principal;
}

function required(parsed: ReturnType<typeof parseArguments>, name: string): string {
  const value = stringFlag(parsed, name);
  if (!value) throw new CliUsageError(`--${name} is required\n${usage}`);
  return value;
}

function port(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new CliUsageError(`--${name} must be a port number`);
  }
  return number;
}

export const channelsCommand: CliCommand = {
  name: 'channels',
  summary: 'List, connect (e-mail), pause, resume, fetch and remove channel accounts',
  usage,
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      address: 'string',
      name: 'string',
      'imap-host': 'string',
      'imap-port': 'string',
      'imap-user': 'string',
      'imap-password-file': 'string',
      'smtp-host': 'string',
      'smtp-port': 'string',
      'smtp-user': 'string',
      'smtp-password-file': 'string',
      'no-test': 'boolean',
    });
    const [action, argument, extra] = parsed.positionals;
    if (!action || extra !== undefined) throw new CliUsageError(usage);
    const runtime = await openRuntime({ quiet: true });
    try {
      const principal = consolePrincipal(runtime);
      if (action === 'list') {
        for (const row of await channelHealthOf(runtime, principal)) {
          const state = !row.settings
            ? 'not connected'
            : row.paused
              ? 'paused'
              : row.consecutive_failures > 0
                ? `failing x${row.consecutive_failures}: ${row.last_error ?? ''}`
                : 'ok';
          io.stdout.write(`${row.id}\t${row.channel}\t${row.handle}\t${state}\n`);
        }
        return 0;
      }
      if (action === 'add') {
        if (argument !== 'email') throw new CliUsageError(`only e-mail can be added\n${usage}`);
        const smtpPasswordFile = stringFlag(parsed, 'smtp-password-file');
        const smtpUser = stringFlag(parsed, 'smtp-user');
        const name = stringFlag(parsed, 'name');
        const account = await connectChannel(
          runtime,
          principal,
          'email',
          {
            address: required(parsed, 'address'),
            ...(name ? { name } : {}),
            imap: {
              host: required(parsed, 'imap-host'),
              port: port(required(parsed, 'imap-port'), 'imap-port'),
              user: required(parsed, 'imap-user'),
              password: fs.readFileSync(required(parsed, 'imap-password-file'), 'utf8').trim(),
            },
            smtp: {
              host: required(parsed, 'smtp-host'),
              port: port(required(parsed, 'smtp-port'), 'smtp-port'),
              ...(smtpUser ? { user: smtpUser } : {}),
              ...(smtpPasswordFile
                ? { password: fs.readFileSync(smtpPasswordFile, 'utf8').trim() }
                : {}),
            },
          },
          { test: !parsed.flags.has('no-test') },
        );
        io.stdout.write(`connected ${account.handle} (channel account ${account.id})\n`);
        return 0;
      }
      const id = Number(argument);
      if (!Number.isInteger(id) || id < 1) throw new CliUsageError(usage);
      if (action === 'pause' || action === 'resume') {
        await pauseChannelAccount(runtime, principal, id, action === 'pause');
      } else if (action === 'fetch') {
        await requestChannelFetch(runtime, principal, id);
      } else if (action === 'remove') {
        await disconnectChannelAccount(runtime, principal, id);
      } else {
        throw new CliUsageError(usage);
      }
      io.stdout.write(`${action}: channel account ${id} done\n`);
      return 0;
    } catch (error) {
      // A refusal (bad settings, a failed login, an unknown id) is an answer, not a crash.
      if (!(error instanceof AppError)) throw error;
      const fields = (error.fields ?? []).map((field) => `\n  ${field.path}: ${field.message}`);
      io.stderr.write(`hearken channels: ${error.message}${fields.join('')}\n`);
      return 1;
    } finally {
      await runtime.close();
    }
  },
};
