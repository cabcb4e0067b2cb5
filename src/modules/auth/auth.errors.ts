import { defineErrorCodes } from '../../platform/errors.js';

/** The auth module's own error codes (besides the platform's). */
export const authErrors = defineErrorCodes({
  /** A one-time link that is unknown, expired or already used: the same answer for each. */
  link_invalid: 410,
  /** A one-time link opened first in another browser: it works only there. */
  link_bound_elsewhere: 409,
  /** The change would leave the organisation without an active admin. */
  last_admin: 409,
});
