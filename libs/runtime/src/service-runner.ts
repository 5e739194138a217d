import type { AppConfig, AppName } from '@motcua/config';
import { ConfigError, loadConfig } from '@motcua/config';
import { ConfigCatalogue, loadConfigCatalogue } from '@motcua/catalogue';
import { readDevelopmentAccounts } from '@motcua/identity';
import { resolveInfrastructure } from './infrastructure';
import { prepareDatabase } from './prepare-database';

/** What one app contributes to a running process. */
export interface RunningApp {
  /** Lines for the start-up banner (URLs, accounts). */
  banner: string[];
  /** Stops taking work and finishes what is in flight. */
  close(): Promise<void>;
}

export interface AppStarter {
  name: AppName;
  start(config: AppConfig, catalogue: ConfigCatalogue): Promise<RunningApp>;
}

export interface RunningServices {
  config: AppConfig;
  banner: string[];
  /** Closes the apps (last started first), then what the process started (embedded servers). */
  stop(): Promise<void>;
}

type Log = (message: string) => void;

function jsonLog(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), app: 'motcua', msg: message })}\n`);
}

/**
 * Boots apps in this process: validated config, config/ validated, servers found or started,
 * database migrated and seeded, then each app. Throws on any failure after undoing what it started.
 */
export async function startServices(starters: AppStarter[], env: NodeJS.ProcessEnv = process.env, log: Log = jsonLog): Promise<RunningServices> {
  let config = loadConfig(env);
  const wanted = starters.length === 1 ? starters : starters.filter((starter) => config.apps.includes(starter.name));
  // Validate config/ before touching any server: a broken file is reported at once.
  const catalogue = loadConfigCatalogue(config.paths.configDir);
  const infrastructure = await resolveInfrastructure(config, log);
  config = infrastructure.config;
  const running: RunningApp[] = [];
  const stop = async () => {
    for (const app of [...running].reverse()) await app.close().catch((error) => log(`close failed: ${error}`));
    await infrastructure.stop();
  };
  try {
    const report = await prepareDatabase(config, catalogue);
    if (report.migrations.length) log(`applied migrations: ${report.migrations.join(', ')}`);
    if (report.newProcedureVersions.length) log(`procedure versions published: ${report.newProcedureVersions.join(', ')}`);
    if (report.newWorkflowVersions.length) log(`workflow versions published: ${report.newWorkflowVersions.join(', ')}`);
    if (report.calendarChangedDates.length) log(`official calendar days changed: ${report.calendarChangedDates.join(', ')} (the workflow engine recomputes open dossiers' due dates)`);
    for (const starter of wanted) running.push(await starter.start(config, catalogue));
  } catch (error) {
    await stop();
    throw error;
  }
  const banner = running.flatMap((app) => app.banner);
  if (config.nodeEnv !== 'production' && wanted.some((starter) => starter.name === 'intake-api')) {
    banner.push(...developmentAccountsBanner(config, env));
  }
  return { config, banner, stop };
}

function developmentAccountsBanner(config: AppConfig, env: NodeJS.ProcessEnv): string[] {
  const password = env.SEED_PASSWORD ? 'the value of SEED_PASSWORD' : config.auth.seedPassword;
  return [
    '',
    `Development accounts (password: ${password}):`,
    ...readDevelopmentAccounts(config.paths.configDir).map(
      (account) =>
        `  ${account.username.padEnd(20)} ${account.roles.join(', ').padEnd(14)} ${[account.agency, account.division].filter(Boolean).join('/')}`,
    ),
  ];
}

function exitWith(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nMotcua cannot start.\n${message}\n\n`);
  if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug' && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
}

/** The process entry point: start, print the banner, and stop gracefully on SIGTERM/SIGINT. */
export async function runServices(starters: AppStarter[]): Promise<void> {
  let services: RunningServices;
  try {
    services = await startServices(starters);
  } catch (error) {
    exitWith(error);
  }
  if (services.banner.length) process.stdout.write(`\n${services.banner.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLog(`${signal} received: finishing work in flight`);
    const deadline = setTimeout(() => {
      jsonLog('graceful shutdown timed out; exiting');
      process.exit(1);
    }, services.config.shutdownTimeoutMs);
    deadline.unref();
    await services.stop();
    jsonLog('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
