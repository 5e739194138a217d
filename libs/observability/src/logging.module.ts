import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { storage, type Store } from 'nestjs-pino/storage';
import type { IncomingMessage } from 'node:http';
import type { Logger as Pino } from 'pino';
import { APP_CONFIG, AppConfig } from '@motcua/config';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request's id: the caller's X-Request-Id when it is sane, otherwise a new one. Kept on the
 * request, so the HTTP server, the logs and the jobs a request starts all carry the same id.
 */
export function requestId(request: IncomingMessage & { id?: unknown }): string {
  if (typeof request.id === 'string') return request.id;
  const given = request.headers[REQUEST_ID_HEADER];
  request.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return request.id as string;
}

/** Structured JSON logs (pino) for every app; HTTP request logging is added to the API's server by `logRequests`. */
@Module({})
export class LoggingModule {
  static forRoot(app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            // No middleware: `logRequests` does the request's part with server hooks, at a fraction of the cost.
            forRoutes: [],
            pinoHttp: { level: config.logLevel, base: { app } },
          }),
        }),
      ],
    };
  }
}

/** The request's logging context; its child logger is made only if something logs during the request. */
function requestStore(root: Pino, reqId: string): Store {
  let child: Pino | undefined;
  return {
    get logger(): Pino {
      return (child ??= root.child({ reqId }));
    },
    set logger(logger: Pino) {
      child = logger; // PinoLogger.assign() adds fields this way
    },
  };
}

const isHealthCheck = (request: FastifyRequest) => request.url.startsWith('/api/v1/health');

/**
 * Logs each request once, when answered (errors and 5xx at error, 4xx at warn, the rest at info,
 * health checks not at all), and gives everything logged while it runs the request id as `reqId`.
 * `root` is the app's logger (PinoLogger's outside any request).
 */
export function logRequests(fastify: FastifyInstance, root: Pino): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    storage.run(requestStore(root, request.id), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (root.isLevelEnabled(level) && !isHealthCheck(request)) {
      root[level](
        {
          reqId: request.id,
          req: { method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
