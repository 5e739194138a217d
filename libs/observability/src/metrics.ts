import { Controller, Get, Header, Module, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Route metadata key marking a route that needs no access token (read by the API's guard). */
export const PUBLIC_ROUTE = 'motcua:public';

/** One registry per process; libraries register their own counters on it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpDuration = new Histogram({
  name: 'motcua_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Times every request once it is answered, labelled by the matched route pattern (bounded cardinality, unlike URLs). */
export function recordHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}

@ApiExcludeController()
@SetMetadata(PUBLIC_ROUTE, true)
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

/** Exposes GET /metrics in the Prometheus text format (the HTTP timings need `recordHttpMetrics` on the server). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
