import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { NamedStatement } from '@motcua/messaging';
import { notFoundProblem } from '@motcua/observability';
import { DossierLookupView } from './lookup.view';

/** The columns the lookup reads: the applicant's ID number to compare, never the name, contacts or fields. */
interface LookupRow {
  code: string;
  procedureVersionId: string;
  workflowVersionId: string;
  status: number;
  step: string;
  applicantIdNumber: string;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
}

/** One select on the unique `code` index, prepared once per connection: this is the busiest public route. */
const LOOKUP = new NamedStatement<LookupRow>(
  'lookup_dossier_by_code',
  `
  SELECT code, procedure_version_id AS "procedureVersionId", workflow_version_id AS "workflowVersionId", status, step,
         applicant_id_number AS "applicantIdNumber", submitted_at AS "submittedAt", received_at AS "receivedAt",
         due_at AS "dueAt", finished_at AS "finishedAt"
    FROM dossiers WHERE code = $1`,
);

/** One answer for "no such code" and "wrong ID number", so the lookup cannot confirm that a code exists. */
const dossierNotFound = () => notFoundProblem('dossier', 'No dossier matches this code and ID number.');

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Public lookup of a dossier's progress by its code and the applicant's ID number. */
@Injectable()
export class LookupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  async find(code: string, idNumber: string): Promise<DossierLookupView> {
    // Both misses cost the same: one query on the unique `code` index, then a comparison in memory.
    const [dossier]: (LookupRow | undefined)[] = await LOOKUP.run(this.dataSource.manager, [code]);
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
