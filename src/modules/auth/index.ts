export { createAuthRepository, type AuthRepository } from './auth.repository';
export { createAuthService, type AuthService } from './auth.service';
export { registerAuthRoutes } from './auth.routes';
export { authenticate } from './authenticate';
export { hashPassword, randomSecret, sha256 } from './secrets';
export { ensureDemoAccounts, partnerGrants, type DemoAccountsReport } from './demo-accounts';
