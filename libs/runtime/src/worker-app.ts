import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig, AppName } from '@motcua/config';
import type { ConfigCatalogue } from '@motcua/catalogue';
import type { AppStarter } from './service-runner';

/**
 * A worker app is a Nest application context (no HTTP) whose module builds from the config;
 * closing it stops its BullMQ workers after their current jobs.
 */
export function workerStarter(
  name: AppName,
  moduleFor: (config: AppConfig, catalogue: ConfigCatalogue) => DynamicModule | Type<unknown>,
  describe: string,
): AppStarter {
  return {
    name,
    async start(config, catalogue) {
      const app = await NestFactory.createApplicationContext(moduleFor(config, catalogue), { bufferLogs: true });
      app.useLogger(app.get(Logger));
      await app.init();
      return { banner: [`${describe}: running`], close: () => app.close() };
    },
  };
}
