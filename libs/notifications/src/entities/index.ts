import { NotificationAttemptEntity } from './notification-attempt.entity';
import { NotificationDailyCountEntity } from './notification-daily-count.entity';
import { NotificationMessageEntity } from './notification-message.entity';

export { NotificationAttemptEntity, NotificationDailyCountEntity, NotificationMessageEntity };
export { CHANNELS, MESSAGE_STATUSES } from './notification-message.entity';
export type { Channel, MessageStatus, RecipientKind } from './notification-message.entity';
export const NOTIFICATION_ENTITIES = [NotificationMessageEntity, NotificationAttemptEntity, NotificationDailyCountEntity];
