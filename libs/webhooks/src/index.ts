export { WebhookFanOut } from './webhook-fan-out.service';
export const WEBHOOK_ENTITIES: Function[] = [];
