import { defineErrorCodes } from '../../platform/errors.js';

/** The labels module's own error codes (besides the platform's validation_failed, not_found). */
export const labelErrors = defineErrorCodes({
  /** Label names are unique per organisation, ignoring case. */
  label_name_taken: 409,
});
