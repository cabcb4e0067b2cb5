import { defineErrorCodes } from '../../platform/errors.js';

/** The contacts module's own error codes (besides the platform's validation_failed, not_found). */
export const contactErrors = defineErrorCodes({
  /** A merged contact is only a pointer to the one it was merged into; merge that one instead. */
  contact_already_merged: 409,
});
