import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { notFoundProblem } from '@motcua/observability';
import { WebhookEndpointsService } from '@motcua/webhooks';
import { Roles } from '../auth/auth.decorators';

const deliveryId = new ParseUUIDPipe({ exceptionFactory: () => notFoundProblem('webhook_delivery', 'No webhook delivery has this id.') });

/** One delivery: its attempt log, and a manual re-send. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get(':id')
  @ApiOkResponse({ description: 'The delivery with attemptLog[]: status code, duration, first KiB of the answer, error' })
  get(@Param('id', deliveryId) id: string) {
    return this.endpoints.delivery(id);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'Queued again with a fresh retry schedule' })
  @ApiConflictResponse({ description: 'webhook_delivery_in_progress, webhook_endpoint_disabled' })
  retry(@Param('id', deliveryId) id: string) {
    return this.endpoints.retry(id);
  }
}
