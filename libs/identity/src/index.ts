export * from './entities';
export { hashPassword, verifyPassword } from './accounts/password';
export { readDevelopmentAccounts, seedDevelopmentAccounts } from './accounts/development-accounts';
export type { DevelopmentAccount } from './accounts/development-accounts';
