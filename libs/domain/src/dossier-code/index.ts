export { formatDossierCode, parseDossierCode, isAgencyIdentifier } from './dossier-code';
export type { DossierCodeParts } from './dossier-code';
