export { DossierStatus, ALL_STATUS_CODES, endsProcessing, isDossierStatus, buildStatusLabels } from './dossier-status';
export type { StatusLabel } from './dossier-status';
