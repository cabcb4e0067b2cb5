import { ensureFirstAdmin } from '../../modules/organisations/index.js';
import { publicUrl } from '../../platform/config.js';
import { buildApp } from '../../server/app.js';
import { type CliCommand, parseArguments } from '../command.js';
import { openRuntime, type Runtime } from '../runtime.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Start the web app and API (with a job worker unless HEARKEN_EMBEDDED_WORKER=false)',
  usage: 'hearken serve',
  async run(argv, io) {
    parseArguments(argv, {});
    const runtime = await openRuntime();
    const admin = await ensureFirstAdmin(
      runtime,
      runtime.organisationId,
      runtime.config.adminEmail,
    );
    const app = await buildApp(runtime);
    await app.listen({ port: runtime.config.port, host: runtime.config.host });
    if (runtime.config.embeddedWorker) {
      runtime.worker.start();
      if (runtime.config.channelRunner) runtime.channels.start();
    }
    const url = publicUrl(runtime.config);
    // Written to the terminal directly, never through the logger: the password is shown once.
    io.stderr.write(`\nHearken is running at ${url} (database: ${runtime.database.location})\n`);
    if (admin) {
      io.stderr.write(
        `\nFirst start: an admin account was created. Sign in at ${url} with\n` +
          `  e-mail:   ${admin.email}\n  password: ${admin.password}\n` +
          'This password is shown only now. Lost it? In this folder run:\n' +
          `  npx hearken users reset-password ${admin.email}\n\n`,
      );
    }
    await waitForShutdown(runtime, () => app.close());
    return 0;
  },
};

/** Resolves on SIGINT/SIGTERM after the server and worker have stopped cleanly. */
export function waitForShutdown(
  runtime: Runtime,
  closeServer?: () => Promise<void>,
): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      runtime.logger.info({ signal }, 'shutting down');
      await closeServer?.();
      await runtime.close();
      resolve();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
