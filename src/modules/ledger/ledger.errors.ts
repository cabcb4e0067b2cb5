import { defineErrorCodes } from '../../platform/errors.js';

/** The ledger's own error codes (besides the platform's validation_failed and not_found). */
export const ledgerErrors = defineErrorCodes({
  /** The requested step does not follow from the decision's current state. */
  decision_transition_invalid: 409,
  /** The decision was merged into another; work on that one. */
  decision_merged: 409,
});
