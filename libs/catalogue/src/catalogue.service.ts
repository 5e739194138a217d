import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProcedureDefinition } from '@motcua/domain/catalogue';
import { WorkflowDefinition } from '@motcua/domain/workflow';
import { NamedStatement } from '@motcua/messaging';
import { ProcedureVersionEntity, WorkflowVersionEntity } from './entities';

export interface AgencyRef {
  code: string;
  identifier: string;
  name: string;
}

/** A procedure as the catalogue serves it: its current version with its owning agency resolved. */
export interface CatalogueProcedure {
  definition: ProcedureDefinition;
  version: number;
  versionId: string;
  active: boolean;
  agency: AgencyRef;
  /** The newest published version of the procedure's workflow: what a new dossier starts on. */
  workflowVersionId: string | null;
}

/** What changes between requests (activation, a newly published version); definitions come from the cache by version id. */
interface CurrentVersionRow {
  code: string;
  active: boolean;
  version_id: string;
  version: number;
  agency_code: string;
  agency_identifier: string;
  agency_name: string;
  workflow_version_id: string | null;
}

/**
 * The current version of each procedure, its agency and its workflow's newest version, without the
 * definitions: those are immutable per version and cached, so they are not read and parsed again.
 */
const CURRENT_VERSIONS_SQL = `
  SELECT p.code, p.active, v.id AS version_id, v.version, a.code AS agency_code, a.identifier AS agency_identifier, a.name AS agency_name,
         (SELECT w.id FROM workflow_versions w WHERE w.workflow_code = v.definition->>'workflow' ORDER BY w.version DESC LIMIT 1) AS workflow_version_id
    FROM procedures p
    JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
    JOIN agencies a ON a.code = v.definition->>'agency'`;

/** Every submission reads its procedure: prepared once per connection (planning the joins costs more than running them). */
const FIND_PROCEDURE = new NamedStatement<CurrentVersionRow>('catalogue_find_procedure', `${CURRENT_VERSIONS_SQL} WHERE p.code = $1`);

export interface PublishedWorkflow {
  definition: WorkflowDefinition;
  version: number;
  versionId: string;
}

/** Read side of the catalogue. Version rows are immutable, so they are cached by id. */
@Injectable()
export class CatalogueService {
  private readonly workflowCache = new Map<string, PublishedWorkflow>();
  private readonly procedureVersionCache = new Map<string, ProcedureVersionEntity>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listProcedures(options: { includeInactive?: boolean } = {}): Promise<CatalogueProcedure[]> {
    const filter = options.includeInactive ? '' : 'WHERE p.active';
    const rows: CurrentVersionRow[] = await this.dataSource.query(`${CURRENT_VERSIONS_SQL} ${filter} ORDER BY p.code`);
    return Promise.all(rows.map((row) => this.toProcedure(row)));
  }

  async findProcedure(code: string): Promise<CatalogueProcedure | undefined> {
    const [row] = await FIND_PROCEDURE.run(this.dataSource.manager, [code]);
    return row && this.toProcedure(row);
  }

  /** The newest published version of a workflow: what a new dossier starts on. */
  async currentWorkflow(code: string): Promise<PublishedWorkflow | undefined> {
    const row = await this.dataSource
      .getRepository(WorkflowVersionEntity)
      .findOne({ where: { workflowCode: code }, order: { version: 'DESC' } });
    return row ? this.cacheWorkflow(row) : undefined;
  }

  /** The exact version a dossier is pinned to. */
  async workflowVersion(versionId: string): Promise<PublishedWorkflow | undefined> {
    const cached = this.workflowCache.get(versionId);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(WorkflowVersionEntity).findOneBy({ id: versionId });
    return row ? this.cacheWorkflow(row) : undefined;
  }

  /** The exact procedure version a dossier was received under. */
  async procedureVersion(versionId: string): Promise<ProcedureVersionEntity | undefined> {
    const cached = this.procedureVersionCache.get(versionId);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(ProcedureVersionEntity).findOneBy({ id: versionId });
    if (row) this.procedureVersionCache.set(versionId, row);
    return row ?? undefined;
  }

  private cacheWorkflow(row: WorkflowVersionEntity): PublishedWorkflow {
    const published = { definition: row.definition, version: row.version, versionId: row.id };
    this.workflowCache.set(row.id, published);
    return published;
  }

  private async toProcedure(row: CurrentVersionRow): Promise<CatalogueProcedure> {
    const version = await this.procedureVersion(row.version_id);
    if (!version) throw new Error(`procedure version ${row.version_id} vanished`); // versions are never deleted
    return {
      definition: version.definition,
      version: Number(row.version),
      versionId: row.version_id,
      active: row.active,
      agency: { code: row.agency_code, identifier: row.agency_identifier, name: row.agency_name },
      workflowVersionId: row.workflow_version_id,
    };
  }
}
