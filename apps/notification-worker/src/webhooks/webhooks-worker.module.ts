import { Module } from '@nestjs/common';
import { WebhookDeliveryModule } from '@motcua/webhooks';
import { DeliverWebhookProcessor } from './deliver-webhook.processor';
import { WebhookSweeper } from './webhook-sweeper';

/**
 * Portal webhooks in the notification worker: the delivery processor and the sweeper. Re-exports the
 * delivery module so the outbox consumer's WebhookFanOut finds the webhooks queue.
 */
@Module({
  imports: [WebhookDeliveryModule],
  providers: [DeliverWebhookProcessor, WebhookSweeper],
  exports: [WebhookDeliveryModule],
})
export class WebhooksWorkerModule {}
