import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { WorkflowCommandsAndClock1764100000000 } from './1764100000000-WorkflowCommandsAndClock';
import { TimersAndOutboxAcks1764200000000 } from './1764200000000-TimersAndOutboxAcks';
import { WebhookDeliveries1764300000000 } from './1764300000000-WebhookDeliveries';
import { NotificationMessages1764400000000 } from './1764400000000-NotificationMessages';
import { DivisionWorkListIndexes1764500000000 } from './1764500000000-DivisionWorkListIndexes';
import { ReceptionWorkListIndex1764600000000 } from './1764600000000-ReceptionWorkListIndex';
import { CalendarRecomputes1764700000000 } from './1764700000000-CalendarRecomputes';
import { UserAccessVersion1764800000000 } from './1764800000000-UserAccessVersion';
import { SealedWebhookSecrets1764900000000 } from './1764900000000-SealedWebhookSecrets';

/** Migrations in order; listed explicitly so bundling and the CLI see the same set. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  WorkflowCommandsAndClock1764100000000,
  TimersAndOutboxAcks1764200000000,
  WebhookDeliveries1764300000000,
  NotificationMessages1764400000000,
  DivisionWorkListIndexes1764500000000,
  ReceptionWorkListIndex1764600000000,
  CalendarRecomputes1764700000000,
  UserAccessVersion1764800000000,
  SealedWebhookSecrets1764900000000,
];
