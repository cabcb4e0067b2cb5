import { defineErrorCodes } from '../../platform/errors.js';

export const channelErrors = defineErrorCodes({
  /** Secrets cannot be stored without HEARKEN_SECRET_KEY. */
  secret_key_missing: 503,
  /** The account has no connection (it only receives messages through the inbound API). */
  channel_not_connected: 409,
  /** The connection test failed; the message says what the server answered. */
  channel_connection_failed: 422,
});
