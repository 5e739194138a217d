import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import type { ProcedureDefinition } from '@motcua/domain/catalogue';
import type { WorkflowDefinition } from '@motcua/domain/workflow';
import { DossierContext, DossierEntity } from '@motcua/dossiers';
import { AgencyEntity } from '@motcua/identity';

export interface PinnedDossier {
  workflow: WorkflowDefinition;
  procedure: ProcedureDefinition;
  context: DossierContext;
}

/** The versions a dossier is pinned to, and the names its events carry. */
@Injectable()
export class DossierContextLoader {
  constructor(
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  async load(manager: EntityManager, dossier: DossierEntity): Promise<PinnedDossier> {
    const [procedure, workflow, agency] = await Promise.all([
      this.catalogue.procedureVersion(dossier.procedureVersionId),
      this.catalogue.workflowVersion(dossier.workflowVersionId),
      manager.findOneByOrFail(AgencyEntity, { id: dossier.agencyId }),
    ]);
    if (!procedure || !workflow) throw new Error(`dossier ${dossier.code} is pinned to a version that does not exist`);
    return {
      workflow: workflow.definition,
      procedure: procedure.definition,
      context: {
        procedureName: procedure.definition.name,
        agencyCode: agency.code,
        agencyIdentifier: agency.identifier,
        workflow: workflow.definition,
        statuses: this.config.statuses,
      },
    };
  }
}
