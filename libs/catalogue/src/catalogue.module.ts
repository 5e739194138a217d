import { DynamicModule, Module } from '@nestjs/common';
import { ConfigCatalogue } from './catalogue-files';
import { CatalogueService } from './catalogue.service';

/** Injection token for the validated contents of config/ (status names, announced calendars…). */
export const CONFIG_CATALOGUE = Symbol('CONFIG_CATALOGUE');

@Module({})
export class CatalogueModule {
  static forRoot(catalogue: ConfigCatalogue): DynamicModule {
    return {
      module: CatalogueModule,
      global: true,
      providers: [CatalogueService, { provide: CONFIG_CATALOGUE, useValue: catalogue }],
      exports: [CatalogueService, CONFIG_CATALOGUE],
    };
  }
}
