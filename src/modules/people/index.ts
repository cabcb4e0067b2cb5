export {
  type AttributeValues,
  attributeValuesOf,
  replaceAttributeValues,
} from './attribute.repository.js';
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
export { registerPeopleRoutes } from './people.routes.js';
