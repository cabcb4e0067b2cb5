export {
  findUserByEmail,
  findUserById,
  listApiTokens,
  listUsers,
  updatePasswordHash,
} from './auth.repository.js';
export { registerAuthRoutes } from './auth.routes.js';
export {
  actorOf,
  authenticateApiToken,
  authenticateSession,
  type CreatedToken,
  createApiToken,
  createUser,
  csrfMatches,
  type LoginResult,
  login,
  logout,
  normaliseEmail,
  revokeToken,
} from './auth.service.js';
export { generatePassword, hashPassword, minimumPasswordLength } from './password.js';
export {
  type Permission,
  type Principal,
  permissions,
  permissionsOfRole,
  roles,
  tokenScopes,
} from './permissions.js';
