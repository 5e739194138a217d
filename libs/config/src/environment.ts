import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

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
  EMBEDDED_POSTGRES_PORT = 54329;

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
}
