import { defineErrorCodes } from '../../platform/errors.js';

/** Consult's own error codes (besides the platform's validation_failed and not_found). */
export const consultErrors = defineErrorCodes({
  /** The ring is not open (not yet, or closed): answers are refused. */
  ring_not_open: 409,
  /** The action needs the ring in another state (e.g. a gate on a ring still open). */
  ring_state_conflict: 409,
  /** The gate is refused while a hot concern is open and no override reason was given. */
  hot_concern_open: 409,
  /** The consultation was announced or stopped; nothing more can change. */
  consultation_finished: 409,
  /** A partner's person must accept the partner's confidentiality notice first (see /notice). */
  notice_not_accepted: 403,
});
