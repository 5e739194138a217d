import { ConfigError, loadConfig } from '.';

describe('loadConfig', () => {
  it('serves development with defaults', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.workingTime).toEqual({
      timeZone: 'Asia/Ho_Chi_Minh',
      periods: [
        { start: '07:00', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
      workingWeekdays: [1, 2, 3, 4, 5],
      receptionCutoff: '15:00',
    });
    expect(config.apps).toEqual(['intake-api', 'workflow-engine', 'notification-worker']);
    expect(config.paths.configDir).toMatch(/config$/);
  });

  it('reads and converts the variables given', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/motcua',
      REDIS_URL: 'redis://cache:6379/2',
      RECEPTION_CUTOFF: '17:00',
      WORKING_WEEKDAYS: '1,2,3,4,5,6',
      MOTCUA_APPS: 'intake-api',
    });
    expect(config.http.port).toBe(8080);
    expect(config.database.url).toBe('postgres://u:p@db:5432/motcua');
    expect(config.redis.url).toBe('redis://cache:6379/2');
    expect(config.workingTime.receptionCutoff).toBe('17:00');
    expect(config.workingTime.workingWeekdays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(config.apps).toEqual(['intake-api']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ RECEPTION_CUTOFF: '25:00' }, 'RECEPTION_CUTOFF'],
    [{ WORKING_HOURS: '13:30-17:00,07:00-11:30' }, 'WORKING_HOURS'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', JWT_SECRET: 'x'.repeat(40) }, 'WEBHOOK_SECRETS_KEY'],
    [{ WEBHOOK_SECRETS_KEY: 'not-hex' }, 'WEBHOOK_SECRETS_KEY'],
    [{ MOTCUA_APPS: 'intake-api,mailer' }, 'MOTCUA_APPS'],
  ])('refuses %p naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.some((p) => p.startsWith(variable))).toBe(true);
    expect((error as Error).message).toContain(variable);
  });
});
