export * from './entities';
export { hashPassword, verifyPassword } from './accounts/password';
export { readDevelopmentAccounts, seedDevelopmentAccounts } from './accounts/development-accounts';
export type { DevelopmentAccount } from './accounts/development-accounts';
export { AccountsService, MAX_FAILED_LOGINS, LOCKOUT_MINUTES } from './accounts/accounts.service';
export type { CitizenRegistration } from './accounts/accounts.service';
export { IdentityModule } from './identity.module';
export { AccountAccess, ACCESS_CACHE_MS } from './accounts/account-access';
export type { AccessState } from './accounts/account-access';
