import { AUDIT_ENTITIES } from '@motcua/audit';
import { CALENDAR_ENTITIES } from '@motcua/calendar';
import { CATALOGUE_ENTITIES } from '@motcua/catalogue';
import { DOSSIER_ENTITIES } from '@motcua/dossiers';
import { FILE_ENTITIES } from '@motcua/files';
import { IDENTITY_ENTITIES } from '@motcua/identity';
import { MESSAGING_ENTITIES } from '@motcua/messaging';
import { NOTIFICATION_ENTITIES } from '@motcua/notifications';
import { WEBHOOK_ENTITIES } from '@motcua/webhooks';
import { WORKFLOW_ENTITIES } from '@motcua/workflow';

/** Every mapped table; the schema itself is owned by the migrations. */
export const ALL_ENTITIES = [
  ...IDENTITY_ENTITIES,
  ...CATALOGUE_ENTITIES,
  ...CALENDAR_ENTITIES,
  ...DOSSIER_ENTITIES,
  ...FILE_ENTITIES,
  ...AUDIT_ENTITIES,
  ...MESSAGING_ENTITIES,
  ...WORKFLOW_ENTITIES,
  ...WEBHOOK_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];
