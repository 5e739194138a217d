import { DossierCodeCounterEntity } from './dossier-code-counter.entity';
import { DossierDocumentEntity } from './dossier-document.entity';
import { DossierHistoryEntity } from './dossier-history.entity';
import { DossierEntity } from './dossier.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export type { ApplicantData } from './dossier.entity';
export { DossierEntity, DossierDocumentEntity, DossierHistoryEntity, IdempotencyKeyEntity, DossierCodeCounterEntity };
export const DOSSIER_ENTITIES = [
  DossierEntity,
  DossierDocumentEntity,
  DossierHistoryEntity,
  IdempotencyKeyEntity,
  DossierCodeCounterEntity,
];
