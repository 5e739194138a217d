import { Module } from '@nestjs/common';
import { WebhookAdminModule } from '@motcua/webhooks';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/** Portal webhook administration over HTTP. */
@Module({
  imports: [WebhookAdminModule],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
})
export class WebhooksHttpModule {}
