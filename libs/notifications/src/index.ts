export { NotificationFanOut } from './notification-fan-out.service';
export const NOTIFICATION_ENTITIES: Function[] = [];
