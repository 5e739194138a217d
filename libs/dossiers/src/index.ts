export * from './entities';
export { allocateDossierCode } from './codes/dossier-code.repository';
