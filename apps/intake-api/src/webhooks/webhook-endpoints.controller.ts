import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { notFoundProblem, validationProblem } from '@motcua/observability';
import { WebhookEndpointsService } from '@motcua/webhooks';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ListWebhookDeliveriesQuery, RecoverWebhookDeliveriesDto } from './dto/webhook-deliveries.dto';
import { CreateWebhookEndpointDto, RotateSecretDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';

/** An id that is not a UUID names no endpoint: 404, like an unknown one. */
export const endpointId = new ParseUUIDPipe({ exceptionFactory: () => notFoundProblem('webhook_endpoint', 'No webhook endpoint has this id.') });

const DEFAULT_OVERLAP_HOURS = 24;

/** Portal webhook subscriptions (admins only): signed per Standard Webhooks, see the README. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiCreatedResponse({ description: '{id, url, eventTypes, description, enabled, secret}: the whsec_ secret is shown only here and on rotation' })
  @ApiUnprocessableEntityResponse({ description: 'validation_failed: a bad URL (private address, not https…) or event type' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateWebhookEndpointDto) {
    return this.endpoints.create(body, user.id);
  }

  @Get()
  async list() {
    return { items: await this.endpoints.list() };
  }

  @Get(':id')
  get(@Param('id', endpointId) id: string) {
    return this.endpoints.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The endpoint; enabled: true re-enables it and sends the deliveries that waited' })
  update(@Param('id', endpointId) id: string, @Body() body: UpdateWebhookEndpointDto) {
    return this.endpoints.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted with its deliveries and their log' })
  remove(@Param('id', endpointId) id: string) {
    return this.endpoints.remove(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: '{id, secret, previousSecretExpiresAt}: both secrets sign until then' })
  rotateSecret(@Param('id', endpointId) id: string, @Body() body: RotateSecretDto) {
    return this.endpoints.rotateSecret(id, body.overlapHours ?? DEFAULT_OVERLAP_HOURS);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ description: '{items, page, pageSize, total}, newest first, each with its last attempt' })
  deliveries(@Param('id', endpointId) id: string, @Query() query: ListWebhookDeliveriesQuery) {
    return this.endpoints.deliveries(id, query);
  }

  @Post(':id/recover')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: '{requeued, added}: failed and dead deliveries since then go out again, with missed events' })
  recover(@Param('id', endpointId) id: string, @Body() body: RecoverWebhookDeliveriesDto) {
    const since = new Date(body.since);
    if (since.getTime() > Date.now()) throw validationProblem([{ field: 'since', message: 'since must not be in the future' }]);
    return this.endpoints.recover(id, since);
  }
}
