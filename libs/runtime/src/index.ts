export { runServices, startServices } from './service-runner';
export type { AppStarter, RunningApp, RunningServices } from './service-runner';
export { resolveInfrastructure } from './infrastructure';
export type { Infrastructure } from './infrastructure';
export { prepareDatabase } from './prepare-database';
export type { PreparationReport } from './prepare-database';
export { StartupError, redactUrl } from './startup-error';
export { workerStarter } from './worker-app';
