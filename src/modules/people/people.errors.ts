import { defineErrorCodes } from '../../platform/errors.js';

/** The people module's own error codes (besides validation_failed and not_found). */
export const peopleErrors = defineErrorCodes({
  /** Attribute keys are unique within an organisation (rules and CSV columns name them). */
  attribute_key_taken: 409,
  /** Removing an enum option that contacts still hold would leave values no rule can name. */
  attribute_values_in_use: 409,
  partner_name_taken: 409,
  panel_name_taken: 409,
  /** The CSV has row errors: nothing was imported; `fields` lists them (`/rows/<n>/<column>`). */
  import_rejected: 422,
});
