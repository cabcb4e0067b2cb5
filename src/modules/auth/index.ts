export {
  findUserByEmail,
  findUserById,
  listApiTokens,
  listUsers,
  updatePasswordHash,
} from './auth.repository.js';
export { registerAuthRoutes } from './auth.routes.js';
export {
  authenticateApiToken,
  authenticateSession,
  type CreatedToken,
  createApiToken,
  createUser,
  csrfMatches,
  logout,
  revokeToken,
} from './auth.service.js';
export { actorOf, normaliseEmail, systemPrincipal } from './credentials.js';
export {
  bindingOf,
  type IssuedLink,
  issueOneTimeToken,
  type OneTimeLink,
  type OneTimePurpose,
  oneTimePurposes,
  openOneTimeToken,
  redeemOneTimeToken,
} from './one-time-token.service.js';
export { registerParticipantRoutes } from './participant.routes.js';
export {
  authenticateParticipantSession,
  consultationScope,
  type OpenedParticipantSession,
  openParticipantSession,
  type ParticipantPrincipal,
  participantLinkPurposes,
  participantLinkUrl,
  participantMaySeeConsultation,
  revokeParticipantAccess,
} from './participant-session.service.js';
export { generatePassword, hashPassword, minimumPasswordLength } from './password.js';
export {
  type Permission,
  type Principal,
  permissions,
  permissionsOfRole,
  roles,
  tokenScopes,
} from './permissions.js';
export { type LoginResult, login, type SignInAttempt } from './sign-in.service.js';
export {
  type AccessEnded,
  deactivateUser,
  endUserSessions,
  listUserSessions,
  reactivateUser,
  resetPassword,
} from './user-admin.service.js';
export {
  createInvitedUser,
  type DeliveredLink,
  deliverInvitation,
} from './user-invitation.service.js';
