export {
  type AttributeValues,
  attributeValuesOf,
  replaceAttributeValues,
} from './attribute.repository.js';
export { keyDefinitionsOf, parseAttributeValue } from './attribute.service.js';
export type { ConsentRow } from './consent.repository.js';
export {
  consentHistory,
  grantConsent,
  grantDefaultConsent,
  hasConsent,
  isConsentPurpose,
  whoHasConsent,
  withdrawConsent,
} from './consent.service.js';
export { findPanel, listPanels, type Panel, panelMembers } from './panel.service.js';
export {
  acceptConfidentiality,
  hasAcceptedConfidentiality,
  partnerMembers,
  partnerNotice,
  partnerOrganisationOf,
} from './partner.service.js';
export { registerPeopleRoutes } from './people.routes.js';
export { contactForEmail, contactIdsOfUsers, ensureContactForUser } from './person.service.js';
export {
  type Condition,
  type NormalisedRule,
  type Rule,
  type RuleAttributes,
  type RuleOperator,
  ruleMatches,
} from './rule.js';
export {
  contactsMatchingRule,
  countContactsMatchingRule,
  normaliseRule,
  ruleAttributesOf,
  segmentValuesOf,
} from './rule.service.js';
export { consentWithdrawalLink } from './withdrawal.service.js';
