import { defineErrorCodes } from '../../platform/errors.js';

/** The community's own error codes (besides validation_failed, not_found, forbidden). */
export const communityErrors = defineErrorCodes({
  /** Another category of the organisation has this slug. */
  community_slug_taken: 409,
  /** The topic was merged into another, or closed: no replies, votes or status changes. */
  community_topic_closed: 409,
  /** The action does not fit the category's kind (votes outside ideas, answers outside Q&A). */
  community_wrong_kind: 409,
});
