import { createApiToken, resetPassword, tokenScopes } from '../../modules/auth/index.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { openRuntime } from '../runtime.js';

export const usersCommand: CliCommand = {
  name: 'users',
  summary: "Reset a user's password from the server console (ends their sessions and tokens)",
  usage: 'hearken users reset-password EMAIL',
  async run(argv, io) {
    const parsed = parseArguments(argv, {});
    const [action, email] = parsed.positionals;
    if (action !== 'reset-password' || !email)
      throw new CliUsageError('usage: hearken users reset-password EMAIL');
    const runtime = await openRuntime({ quiet: true });
    try {
      const reset = await resetPassword(runtime, email, null);
      if (!reset) {
        io.stderr.write(`no user with e-mail ${email}\n`);
        return 1;
      }
      io.stdout.write(
        `New password for ${reset.email}: ${reset.password}\n(shown only now)\n` +
          `Ended ${reset.sessionsEnded} session(s) and revoked ${reset.tokensRevoked} API token(s) of this user.\n`,
      );
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

export const tokensCommand: CliCommand = {
  name: 'tokens',
  summary: 'Create an API token for an integration',
  usage: `hearken tokens create --name NAME --scopes ${tokenScopes.join(',')}`,
  async run(argv, io) {
    const parsed = parseArguments(argv, { name: 'string', scopes: 'string' });
    const name = stringFlag(parsed, 'name');
    const scopes = stringFlag(parsed, 'scopes');
    if (parsed.positionals[0] !== 'create' || !name || !scopes) {
      throw new CliUsageError(`usage: ${this.usage}`);
    }
    const runtime = await openRuntime({ quiet: true });
    try {
      const created = await createApiToken(
        runtime,
        runtime.organisationId,
        { name, scopes: scopes.split(',').map((scope) => scope.trim()) },
        null,
      );
      io.stdout.write(`${created.token}\n`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
