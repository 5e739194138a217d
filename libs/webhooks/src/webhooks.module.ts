import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@motcua/messaging';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
import { WebhookJobs } from './delivery/webhook-jobs';
import { DEFAULT_RETRY_POLICY, WEBHOOK_RETRY_POLICY } from './delivery/retry-policy';
import { WebhookEndpointsService } from './endpoints/webhook-endpoints.service';

/** The webhooks queue and its producer, shared by the API (replays) and the worker (fan-out, retries). */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.webhooks })],
  providers: [WebhookJobs],
  exports: [WebhookJobs, BullModule],
})
export class WebhookQueueModule {}

/** The API side: endpoint management, the delivery log, replays. */
@Module({
  imports: [WebhookQueueModule],
  providers: [WebhookEndpointsService],
  exports: [WebhookEndpointsService],
})
export class WebhookAdminModule {}

/** The worker side: attempts, retries and endpoint health. The retry policy is a provider so tests can speed it up. */
@Module({
  imports: [WebhookQueueModule],
  providers: [WebhookDispatcher, { provide: WEBHOOK_RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY }],
  exports: [WebhookDispatcher, WebhookQueueModule],
})
export class WebhookDeliveryModule {}
