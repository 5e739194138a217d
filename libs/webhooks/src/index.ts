import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity } from './entities';

export { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity };
export { WEBHOOK_DELIVERY_STATUSES } from './entities';
export type { WebhookDeliveryStatus } from './entities';
export const WEBHOOK_ENTITIES = [WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];

export { WEBHOOK_EVENT_TYPES } from './event-types';
export type { WebhookEventType } from './event-types';
export { WebhookFanOut, insertDeliveriesSql } from './webhook-fan-out.service';
export { WebhookQueueModule, WebhookAdminModule, WebhookDeliveryModule } from './webhooks.module';
export { WebhookJobs, DELIVER_JOB_OPTIONS } from './delivery/webhook-jobs';
export { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
export { dueDeliveries } from './delivery/delivery-queries';
export { DEFAULT_RETRY_POLICY, WEBHOOK_RETRY_POLICY } from './delivery/retry-policy';
export type { WebhookRetryPolicy } from './delivery/retry-policy';
export { WebhookEndpointsService } from './endpoints/webhook-endpoints.service';
export type { EndpointInput, EndpointChanges } from './endpoints/webhook-endpoints.service';
export { checkWebhookUrl } from './url-policy/webhook-url';
export { newWebhookSecret } from './signing/webhook-signing';
export { SecretBox } from './signing/secret-box';
