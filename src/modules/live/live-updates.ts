import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { LiveHub } from './live-hub.js';
import { PostgresFanOut } from './postgres-fan-out.js';

export interface LiveUpdates {
  hub: LiveHub;
  /** Open event streams, ended when the server closes so shutdown does not wait for them. */
  streams: Set<() => void>;
}

/**
 * Wires the hub to the process's EventBus and, on PostgreSQL, to the other processes, for the
 * lifetime of the HTTP app.
 */
export function startLiveUpdates(app: FastifyInstance, context: AppContext): LiveUpdates {
  const hub = new LiveHub((error) => context.logger.warn({ err: error }, 'live updates'));
  const streams = new Set<() => void>();
  const unsubscribe = context.events.subscribeCommitted((events) => hub.publishAll(events));
  const fanOut =
    context.database.dialect === 'postgres' && context.config.databaseUrl
      ? new PostgresFanOut({
          database: context.database,
          databaseUrl: context.config.databaseUrl,
          origin: hub.origin,
          logger: context.logger,
          receive: (origin, event) => hub.receive(origin, event),
        })
      : null;
  if (fanOut) {
    hub.useFanOut(fanOut);
    app.addHook('onReady', () => fanOut.start());
  }
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    hub.close();
    await fanOut?.close();
  });
  return { hub, streams };
}

/**
 * For processes without the HTTP app (`hearken worker`): sends the domain events they cause to
 * the other processes on PostgreSQL, so browsers connected to a `serve` process see messages
 * that a separate worker processed. Returns the function that stops it.
 */
export async function relayEventsToOtherProcesses(
  context: AppContext,
): Promise<() => Promise<void>> {
  if (context.database.dialect !== 'postgres' || !context.config.databaseUrl) {
    return async () => undefined;
  }
  const fanOut = new PostgresFanOut({
    database: context.database,
    databaseUrl: context.config.databaseUrl,
    origin: randomUUID(),
    logger: context.logger,
    receive: () => undefined,
  });
  await fanOut.start();
  const unsubscribe = context.events.subscribeCommitted((events) => {
    fanOut.send(events).catch((error: unknown) => {
      context.logger.warn({ err: error }, 'live updates: could not relay events');
    });
  });
  return async () => {
    unsubscribe();
    await fanOut.close();
  };
}
