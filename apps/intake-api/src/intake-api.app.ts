import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@motcua/config';
import type { ConfigCatalogue } from '@motcua/catalogue';
import { createValidationPipe, InputSafetyPipe, ProblemDetailsFilter } from '@motcua/observability';
import type { AppStarter } from '@motcua/runtime';
import { configureBodyParsing } from './common/body-parsing';
import { IntakeApiModule } from './intake-api.module';

export const API_PREFIX = 'api/v1';

/** Builds the API application (not yet listening): used by the launcher and by the e2e tests. */
export async function buildIntakeApi(config: AppConfig, catalogue: ConfigCatalogue): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IntakeApiModule.forRoot(config, catalogue), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  configureBodyParsing(app);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new InputSafetyPipe(), createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Motcua API')
    .setDescription('Electronic one-stop shop: procedures, dossiers, officer actions, public lookup and portal webhooks.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  return app;
}

export const intakeApi: AppStarter = {
  name: 'intake-api',
  async start(config, catalogue) {
    const app = await buildIntakeApi(config, catalogue);
    await app.listen(config.http.port, config.http.host);
    const shownHost = ['0.0.0.0', '::'].includes(config.http.host) ? 'localhost' : config.http.host;
    const base = `http://${shownHost}:${config.http.port}`;
    return {
      banner: [`API:     ${base}/${API_PREFIX}`, `Docs:    ${base}/docs  (OpenAPI: ${base}/docs-json)`, `Health:  ${base}/${API_PREFIX}/health/ready`],
      close: () => app.close(),
    };
  },
};
