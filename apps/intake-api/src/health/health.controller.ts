import { Public } from '../auth/auth.decorators';
import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ProblemException } from '@motcua/observability';
import { ReadinessIndicators } from './readiness.service';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiOkResponse({ description: 'The process is alive' })
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL, Redis and migrations. */
  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `checks` says which' })
  async ready() {
    try {
      return await this.health.check([
        () => this.readiness.postgres(),
        () => this.readiness.redisPing(),
        () => this.readiness.migrations(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { details?: Record<string, { status: string; message?: string }> };
      const down = Object.entries(result.details ?? {}).filter(([, check]) => check.status !== 'up');
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'not_ready',
        'Not ready',
        down.map(([name, check]) => `${name}: ${check.message ?? 'down'}`).join('; '),
        undefined,
        { checks: result.details },
      );
    }
  }
}
