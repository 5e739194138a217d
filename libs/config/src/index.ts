export { loadConfig, projectRoot, ConfigError } from './app-config';
export type { AppConfig, AppName, NodeEnv } from './app-config';
export { AppConfigModule, APP_CONFIG } from './config.module';
