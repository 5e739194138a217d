import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, projectRoot } from '@motcua/config';
import { ConfigCatalogue, loadConfigCatalogue } from '@motcua/catalogue';
import { clearQueuePrefix, createTestDatabase, testConfig, TestDatabase } from '@motcua/testing';
import { buildIntakeApi, initIntakeApi, IntakeApiApplication } from '../../apps/intake-api/src/intake-api.app';
import { NotificationWorkerModule } from '../../apps/notification-worker/src/notification-worker.module';
import { WorkflowEngineModule } from '../../apps/workflow-engine/src/workflow-engine.module';

export interface TestApi {
  app: IntakeApiApplication;
  http: ReturnType<IntakeApiApplication['getHttpServer']>;
  config: AppConfig;
  catalogue: ConfigCatalogue;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real API on a private clone of the seeded template database and a private queue prefix. */
export async function startTestApi(env: NodeJS.ProcessEnv = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, env);
  const catalogue = loadConfigCatalogue(join(projectRoot(), 'config'));
  const app = await buildIntakeApi(config, catalogue);
  await initIntakeApi(app);
  return {
    app,
    http: app.getHttpServer(),
    config,
    catalogue,
    db,
    async close() {
      await app.close();
      await clearQueuePrefix(config);
      await db.drop();
    },
  };
}

/** The real workflow engine (BullMQ workers) on the same database and queue prefix as a test API. */
export async function startTestEngine(api: Pick<TestApi, 'config' | 'catalogue'>): Promise<INestApplicationContext> {
  const engine = await NestFactory.createApplicationContext(WorkflowEngineModule.forRoot(api.config, api.catalogue), { logger: false });
  await engine.init();
  return engine;
}

/** The real notification worker (outbox consumer, webhooks, messages) for a test API. */
export async function startTestNotificationWorker(api: Pick<TestApi, 'config'>): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(NotificationWorkerModule.forRoot(api.config), { logger: false });
  await worker.init();
  return worker;
}
