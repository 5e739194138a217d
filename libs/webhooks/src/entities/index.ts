export { WebhookEndpointEntity } from './webhook-endpoint.entity';
export { WebhookDeliveryEntity, WEBHOOK_DELIVERY_STATUSES } from './webhook-delivery.entity';
export type { WebhookDeliveryStatus } from './webhook-delivery.entity';
export { WebhookAttemptEntity } from './webhook-attempt.entity';
