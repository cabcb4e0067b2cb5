import { defineErrorCodes } from '../../platform/errors.js';

/** The canned replies' own error codes (besides the platform's validation_failed, not_found). */
export const cannedReplyErrors = defineErrorCodes({
  /** Agents type the shortcut to insert the reply, so it names one reply per organisation. */
  canned_reply_shortcut_taken: 409,
});
