import { defineErrorCodes } from '../../platform/errors.js';

/** The alerts module's own error codes (the platform's not_found and validation_failed aside). */
export const alertErrors = defineErrorCodes({
  /** Acknowledging or resolving an alert that is already resolved. */
  alert_already_resolved: 409,
});
