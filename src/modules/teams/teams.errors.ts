import { defineErrorCodes } from '../../platform/errors.js';

/** The teams module's own error codes (besides the platform's validation_failed, not_found). */
export const teamErrors = defineErrorCodes({
  /** Team names are unique within an organisation (routing rules and imports name them). */
  team_name_taken: 409,
});
