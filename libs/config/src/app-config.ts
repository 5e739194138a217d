import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvironmentVariables } from './environment';

export type AppName = 'intake-api' | 'workflow-engine' | 'notification-worker';
export type NodeEnv = 'development' | 'test' | 'production';

/** The typed configuration every module receives; built once at boot by loadConfig(). */
export interface AppConfig {
  nodeEnv: NodeEnv;
  http: { host: string; port: number };
  database: { url?: string; poolSize: number; embeddedPort: number };
  redis: { url?: string; queuePrefix: string };
  auth: { jwtSecret: string; jwtExpiresInSeconds: number; seedPassword: string };
  paths: { root: string; dataDir: string; storageDir: string; configDir: string };
  workingTime: {
    timeZone: string;
    periods: { start: string; end: string }[];
    workingWeekdays: number[];
    receptionCutoff: string;
  };
  logLevel: string;
  apps: AppName[];
  shutdownTimeoutMs: number;
  /** Portal webhooks (libs/webhooks). */
  webhooks: { allowPrivateUrls: boolean; timeoutMs: number; secretsKey: Buffer };
  notifications: NotificationSettings;
}

/** E-mail and SMS delivery (libs/notifications); channel details are validated when the worker starts. */
export interface NotificationSettings {
  email: { smtpUrl?: string; from: string; dailyCap: number };
  sms: {
    provider?: string;
    gateway?: string;
    gatewayUrl?: string;
    apiKey?: string;
    apiSecret?: string;
    sender?: string;
    dailyCap: number;
  };
  retry: { baseDelayMs: number; maxAttempts: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables without a default are not own keys of a fresh instance, so they are listed here. */
const ENVIRONMENT_KEYS = new Set([
  ...Object.keys(new EnvironmentVariables()),
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'STORAGE_DIR',
  'CONFIG_DIR',
  'SMTP_URL',
  'SMS_PROVIDER',
  'SMS_GATEWAY',
  'SMS_GATEWAY_URL',
  'SMS_API_KEY',
  'SMS_API_SECRET',
  'SMS_SENDER',
]);

const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-in-production';
/** Outside production only: a fixed key, so a development database's endpoints survive restarts. */
const DEVELOPMENT_WEBHOOK_SECRETS_KEY = createHash('sha256').update('motcua development webhook secrets key').digest();

/** The repository root (holds package.json and config/), whether running from sources or dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'config'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => {
      const shown = error.value === undefined ? 'unset' : `got "${String(error.value)}"`;
      return message.startsWith(error.property)
        ? `${message} (${shown})`
        : `${error.property}: ${message} (${shown})`;
    }),
  );
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parsePeriods(spec: string): { start: string; end: string }[] {
  return spec.split(',').map((period) => {
    const [start, end] = period.split('-');
    return { start, end };
  });
}

/** Validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => ENVIRONMENT_KEYS.has(key)));
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(vars, { skipMissingProperties: false }));

  if (!isValidTimeZone(vars.TIME_ZONE)) problems.push(`TIME_ZONE: unknown time zone "${vars.TIME_ZONE}"`);
  const periods = parsePeriods(vars.WORKING_HOURS);
  const ordered = periods.every((p, i) => p.start < p.end && (i === 0 || periods[i - 1].end <= p.start));
  if (problems.every((p) => !p.startsWith('WORKING_HOURS')) && !ordered) {
    problems.push(`WORKING_HOURS: periods must be increasing and not overlap (got "${vars.WORKING_HOURS}")`);
  }
  if (vars.NODE_ENV === 'production' && vars.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const root = projectRoot();
  const within = (path: string) => (isAbsolute(path) ? path : join(root, path));
  const dataDir = within(vars.DATA_DIR);
  return {
    nodeEnv: vars.NODE_ENV as NodeEnv,
    http: { host: vars.HOST, port: vars.PORT },
    database: { url: vars.DATABASE_URL, poolSize: vars.DATABASE_POOL_SIZE, embeddedPort: vars.EMBEDDED_POSTGRES_PORT },
    redis: { url: vars.REDIS_URL, queuePrefix: vars.QUEUE_PREFIX },
    auth: {
      jwtSecret: vars.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      jwtExpiresInSeconds: vars.JWT_EXPIRES_IN,
      seedPassword: vars.SEED_PASSWORD,
    },
    paths: {
      root,
      dataDir,
      storageDir: vars.STORAGE_DIR ? within(vars.STORAGE_DIR) : join(dataDir, 'files'),
      configDir: vars.CONFIG_DIR ? within(vars.CONFIG_DIR) : join(root, 'config'),
    },
    workingTime: {
      timeZone: vars.TIME_ZONE,
      periods,
      workingWeekdays: vars.WORKING_WEEKDAYS.split(',').map(Number),
      receptionCutoff: vars.RECEPTION_CUTOFF,
    },
    logLevel: vars.LOG_LEVEL,
    apps: [...new Set(vars.MOTCUA_APPS.split(','))] as AppName[],
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    webhooks: {
      allowPrivateUrls: vars.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      secretsKey: vars.WEBHOOK_SECRETS_KEY ? Buffer.from(vars.WEBHOOK_SECRETS_KEY, 'hex') : DEVELOPMENT_WEBHOOK_SECRETS_KEY,
    },
    notifications: {
      email: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM, dailyCap: vars.EMAIL_DAILY_CAP },
      sms: {
        provider: vars.SMS_PROVIDER,
        gateway: vars.SMS_GATEWAY,
        gatewayUrl: vars.SMS_GATEWAY_URL,
        apiKey: vars.SMS_API_KEY,
        apiSecret: vars.SMS_API_SECRET,
        sender: vars.SMS_SENDER,
        dailyCap: vars.SMS_DAILY_CAP,
      },
      retry: { baseDelayMs: vars.NOTIFICATION_RETRY_DELAY_MS, maxAttempts: vars.NOTIFICATION_MAX_ATTEMPTS },
    },
  };
}
