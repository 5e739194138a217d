import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { DossierEntity } from '@motcua/dossiers';
import { notFoundProblem } from '@motcua/observability';
import { DossierLookupView } from './lookup.view';

/** The columns the lookup reads: the applicant's ID number to compare, never the name, contacts or fields. */
type LookupRow = Pick<
  DossierEntity,
  'code' | 'procedureCode' | 'procedureVersionId' | 'status' | 'step' | 'workflowVersionId' | 'applicantIdNumber' | 'submittedAt' | 'receivedAt' | 'dueAt' | 'finishedAt'
>;

const LOOKUP_COLUMNS: { [column in keyof LookupRow]: true } = {
  code: true,
  procedureCode: true,
  procedureVersionId: true,
  status: true,
  step: true,
  workflowVersionId: true,
  applicantIdNumber: true,
  submittedAt: true,
  receivedAt: true,
  dueAt: true,
  finishedAt: true,
};

/** One answer for "no such code" and "wrong ID number", so the lookup cannot confirm that a code exists. */
const dossierNotFound = () => notFoundProblem('dossier', 'No dossier matches this code and ID number.');

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Public lookup of a dossier's progress by its code and the applicant's ID number. */
@Injectable()
export class LookupService {
  private readonly dossiers: Repository<DossierEntity>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {
    this.dossiers = dataSource.getRepository(DossierEntity);
  }

  async find(code: string, idNumber: string): Promise<DossierLookupView> {
    // Both misses cost the same: one query on the unique `code` index, then a comparison in memory.
    const dossier: LookupRow | null = await this.dossiers.findOne({ select: LOOKUP_COLUMNS, where: { code } });
    if (!dossier || dossier.applicantIdNumber !== idNumber) throw dossierNotFound();
    return this.toView(dossier);
  }

  private async toView(dossier: LookupRow): Promise<DossierLookupView> {
    const [procedure, workflow] = await Promise.all([
      // The version the dossier was received under: its name as the applicant saw it.
      this.catalogue.procedureVersion(dossier.procedureVersionId),
      this.catalogue.workflowVersion(dossier.workflowVersionId),
    ]);
    const step = workflow?.definition.steps.find((s) => s.code === dossier.step);
    const status = this.config.statuses.find((s) => s.code === dossier.status);
    // Procedures are never deleted and a dossier's workflow version is immutable: a miss is corrupt data, so fail loudly.
    if (!procedure || !step || !status) {
      throw new Error(`Dossier ${dossier.code}: procedure, workflow step or status ${dossier.status} not found in the catalogue`);
    }
    return {
      code: dossier.code,
      procedure: { code: procedure.definition.code, name: procedure.definition.name },
      status: { code: status.code, name: status.name },
      step: { code: step.code, name: step.name, publicText: step.publicText },
      submittedAt: dossier.submittedAt.toISOString(),
      receivedAt: iso(dossier.receivedAt),
      dueAt: iso(dossier.dueAt),
      finishedAt: iso(dossier.finishedAt),
    };
  }
}
