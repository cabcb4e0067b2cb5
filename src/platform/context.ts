import type { Config } from './config.js';
import type { DatabaseHandle } from './database/connection.js';
import type { EventBus } from './events.js';
import type { Logger } from './logger.js';

/** What services need from the running process; built once at boot (or per test). */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  events: EventBus;
}
