import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '@motcua/config';
import type { ConfigCatalogue } from '@motcua/catalogue';
import {
  createValidationPipe,
  InputSafetyPipe,
  logRequests,
  ProblemDetailsFilter,
  recordHttpMetrics,
  REQUEST_ID_HEADER,
  requestId,
} from '@motcua/observability';
import type { AppStarter } from '@motcua/runtime';
import { configureBodyParsing, JSON_BODY_LIMIT_BYTES } from './common/body-parsing';
import { IntakeApiModule } from './intake-api.module';

export const API_PREFIX = 'api/v1';

export type IntakeApiApplication = NestFastifyApplication;

/**
 * Fastify rather than Express: the same Nest controllers, a fraction of the per-request cost.
 * Client addresses come from X-Forwarded-For only when the peer is a local or private proxy.
 */
function createServer(): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: 'loopback, linklocal, uniquelocal',
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: requestId,
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/** Builds the API application (not yet listening): used by the launcher and by the e2e tests. */
export async function buildIntakeApi(config: AppConfig, catalogue: ConfigCatalogue): Promise<IntakeApiApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(IntakeApiModule.forRoot(config, catalogue), createServer(), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const server = app.getHttpAdapter().getInstance();
  configureBodyParsing(server);
  logRequests(server, (await app.resolve(PinoLogger)).logger);
  server.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  recordHttpMetrics(server);
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

/** Initialises the application and its server, for tests that send requests without listening on a port. */
export async function initIntakeApi(app: IntakeApiApplication): Promise<void> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
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
