import { defineErrorCodes } from '../../platform/errors.js';

/** The webhooks module's own error codes (besides validation_failed and not_found). */
export const webhookErrors = defineErrorCodes({
  /** A test event was asked of a disabled webhook: enable it first. */
  webhook_disabled: 409,
});
