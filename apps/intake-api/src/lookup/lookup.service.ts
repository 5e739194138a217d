import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { Batcher, NamedStatement } from '@motcua/messaging';
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

/**
 * One select on the unique `code` index for every lookup waiting at that moment, prepared once per
 * connection: this is the busiest public route, and under load one round trip then serves many
 * requests (an idle server still reads each code at once, see Batcher).
 */
const LOOKUP = new NamedStatement<LookupRow>(
  'lookup_dossiers_by_codes',
  `
  SELECT code, procedure_version_id AS "procedureVersionId", workflow_version_id AS "workflowVersionId", status, step,
         applicant_id_number AS "applicantIdNumber", submitted_at AS "submittedAt", received_at AS "receivedAt",
         due_at AS "dueAt", finished_at AS "finishedAt"
    FROM dossiers WHERE code = ANY($1::text[])`,
);

/** Codes read by one select at most, and selects under way at once (the pool serves the other routes too). */
const MAX_CODES_PER_SELECT = 32;
const MAX_SELECTS_AT_ONCE = 2;
/** A lookup with no answer by then gets a 503 to retry: a hung select must not hold every later lookup with it. */
export const LOOKUP_DEADLINE_MS = 5_000;

/** One answer for "no such code" and "wrong ID number", so the lookup cannot confirm that a code exists. */
const dossierNotFound = () => notFoundProblem('dossier', 'No dossier matches this code and ID number.');

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Public lookup of a dossier's progress by its code and the applicant's ID number. */
@Injectable()
export class LookupService {
  private readonly reads = new Batcher<string, LookupRow | undefined>((codes) => this.read(codes), MAX_CODES_PER_SELECT, MAX_SELECTS_AT_ONCE, LOOKUP_DEADLINE_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  async find(code: string, idNumber: string): Promise<DossierLookupView> {
    // Both misses cost the same: one query on the unique `code` index, then a comparison in memory.
    const dossier = await this.reads.add(code);
    if (!dossier || dossier.applicantIdNumber !== idNumber) throw dossierNotFound();
    return this.toView(dossier);
  }

  /** The dossiers of `codes`, in their order; undefined where no dossier has the code. */
  private async read(codes: string[]): Promise<(LookupRow | undefined)[]> {
    const rows = await LOOKUP.run(this.dataSource.manager, [codes]);
    const byCode = new Map(rows.map((row) => [row.code, row]));
    return codes.map((code) => byCode.get(code));
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
