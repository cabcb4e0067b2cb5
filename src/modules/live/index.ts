export { registerLiveRoutes } from './live.routes.js';
export type { ClientEvent } from './live.schema.js';
export { type LiveEvent, LiveHub } from './live-hub.js';
export { relayEventsToOtherProcesses } from './live-updates.js';
export { notifyChannel, PostgresFanOut } from './postgres-fan-out.js';
export type { PresenceHeartbeat, Viewer } from './presence.js';
