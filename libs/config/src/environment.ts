import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Every environment variable the service reads, with its rule and development default.
 * Property names are the variable names so that validation messages name the variable to fix.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Unset: an embedded PostgreSQL is started under DATA_DIR (development only). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Unset: Redis on 127.0.0.1:6379 if one answers, else a redis-server started under DATA_DIR. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Queue names carry a hash tag so BullMQ runs unchanged on Redis Cluster. */
  @Matches(/^\{[a-z0-9-]+\}$/, { message: 'QUEUE_PREFIX must look like {motcua}' })
  QUEUE_PREFIX = '{motcua}';

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_EXPIRES_IN = 3600;

  /** Encrypts webhook signing secrets at rest: 32 bytes as 64 hex characters. */
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.WEBHOOK_SECRETS_KEY !== undefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'WEBHOOK_SECRETS_KEY must be 64 hex characters (32 bytes, e.g. openssl rand -hex 32)' })
  WEBHOOK_SECRETS_KEY?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  STORAGE_DIR?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  CONFIG_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 25329;

  @IsString()
  TIME_ZONE = 'Asia/Ho_Chi_Minh';

  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d(,([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)*$/, {
    message: 'WORKING_HOURS must be comma-separated HH:MM-HH:MM periods, e.g. 07:00-11:30,13:30-17:00',
  })
  WORKING_HOURS = '07:00-11:30,13:30-17:00';

  @Matches(/^[1-7](,[1-7])*$/, { message: 'WORKING_WEEKDAYS must be ISO weekdays 1-7 separated by commas, e.g. 1,2,3,4,5' })
  WORKING_WEEKDAYS = '1,2,3,4,5';

  @Matches(TIME, { message: 'RECEPTION_CUTOFF must be a time HH:MM, e.g. 15:00' })
  RECEPTION_CUTOFF = '15:00';

  @IsString()
  @MinLength(8, { message: 'SEED_PASSWORD must be at least 8 characters' })
  SEED_PASSWORD = 'Motcua@2026';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Which apps the single-process launcher runs. */
  @Matches(/^(intake-api|workflow-engine|notification-worker)(,(intake-api|workflow-engine|notification-worker))*$/, {
    message: 'MOTCUA_APPS must list apps among intake-api, workflow-engine, notification-worker',
  })
  MOTCUA_APPS = 'intake-api,workflow-engine,notification-worker';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  /**
   * Lets portal webhook endpoints point at private, loopback, link-local and other internal addresses,
   * over plain http. Off by default so an admin account cannot make the worker call internal services
   * (cloud metadata, databases); tests and closed networks turn it on.
   */
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_URLS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_URLS = 'false';

  /** Every webhook call (connect, send, first KiB of the answer) is cut off after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** SMTP server for e-mail (smtp:// or smtps://, credentials in the URL). Unset: e-mails are logged (not in production). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.vn:587' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3, { message: 'MAIL_FROM must be a sender address, e.g. "Một cửa điện tử <no-reply@example.vn>"' })
  MAIL_FROM = 'Một cửa điện tử <no-reply@motcua.local>';

  /** Name of an SMS gateway description in config/sms-gateways/<name>.json. Unset (and no SMS_GATEWAY): SMS are logged (not in production). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'SMS_PROVIDER must name a file of config/sms-gateways without .json, e.g. generic-json' })
  SMS_PROVIDER?: string;

  /** A gateway description not shipped in config/: a path to a JSON file, or the JSON itself. Wins over SMS_PROVIDER. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  SMS_GATEWAY?: string;

  /** Replaces the gateway description's URL (a sandbox, a regional endpoint). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'SMS_GATEWAY_URL must be an http:// or https:// URL' })
  SMS_GATEWAY_URL?: string;

  /** The gateway's secrets, substituted for {{apiKey}} and {{apiSecret}} in its description. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  SMS_API_KEY?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  SMS_API_SECRET?: string;

  /** Registered sender name (brandname); replaces the gateway description's default. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(16, { message: 'SMS_SENDER must be at most 16 characters (an SMS brandname)' })
  SMS_SENDER?: string;

  /** Messages handed to a channel per local day; 0 = no cap. Beyond it a message ends as permanent-failure (daily_cap_reached). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  EMAIL_DAILY_CAP = 20000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SMS_DAILY_CAP = 2000;

  /** First retry delay of a message after a temporary or technical failure; doubles at each attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  NOTIFICATION_RETRY_DELAY_MS = 30000;

  /** Attempts per message before a temporary or technical failure becomes final. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFICATION_MAX_ATTEMPTS = 6;
}
