import { defineErrorCodes } from '../../platform/errors.js';

export const noticeErrors = defineErrorCodes({
  notice_template_missing: 422,
  notice_recipient_invalid: 422,
});
