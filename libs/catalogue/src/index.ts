export * from './entities';
export { CatalogueModule, CONFIG_CATALOGUE } from './catalogue.module';
export { CatalogueService } from './catalogue.service';
export type { CatalogueProcedure, PublishedWorkflow, AgencyRef } from './catalogue.service';
export { loadConfigCatalogue, ConfigFileError } from './catalogue-files';
export type { ConfigCatalogue } from './catalogue-files';
export { syncCatalogue } from './catalogue-sync';
export type { CatalogueSyncReport } from './catalogue-sync';
