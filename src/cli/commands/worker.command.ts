import { relayEventsToOtherProcesses } from '../../modules/live/index.js';
import { type CliCommand, parseArguments } from '../command.js';
import { openRuntime } from '../runtime.js';
import { waitForShutdown } from './serve.command.js';

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run a job worker only (add workers next to `serve` on PostgreSQL)',
  usage: 'hearken worker [--drain]   (--drain: process what is due, then exit)',
  async run(argv, io) {
    const parsed = parseArguments(argv, { drain: 'boolean' });
    const runtime = await openRuntime();
    if (parsed.flags.has('drain')) {
      await runtime.worker.drain();
      io.stdout.write(`${JSON.stringify(runtime.worker.stats)}\n`);
      await runtime.close();
      return 0;
    }
    const stopRelay = await relayEventsToOtherProcesses(runtime);
    runtime.worker.start();
    if (runtime.config.channelRunner) runtime.channels.start();
    runtime.logger.info({ workerId: runtime.worker.workerId }, 'worker started');
    io.stderr.write(`worker ${runtime.worker.workerId} started\n`);
    await waitForShutdown(runtime);
    await stopRelay();
    io.stdout.write(`${JSON.stringify(runtime.worker.stats)}\n`);
    return 0;
  },
};
