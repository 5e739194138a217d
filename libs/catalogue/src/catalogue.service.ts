import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProcedureDefinition } from '@motcua/domain/catalogue';
import { WorkflowDefinition } from '@motcua/domain/workflow';
import { AgencyEntity } from '@motcua/identity';
import { ProcedureEntity, ProcedureVersionEntity, WorkflowVersionEntity } from './entities';

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
}

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
    const query = this.currentVersions();
    if (!options.includeInactive) query.where('p.active = true');
    return this.toProcedures(await query.orderBy('p.code').getRawMany());
  }

  async findProcedure(code: string): Promise<CatalogueProcedure | undefined> {
    const rows = await this.currentVersions().where('p.code = :code', { code }).getRawMany();
    return this.toProcedures(rows)[0];
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

  private currentVersions() {
    return this.dataSource
      .createQueryBuilder()
      .select(['p.code AS code', 'p.active AS active', 'v.id AS version_id', 'v.version AS version', 'v.definition AS definition'])
      .addSelect(['a.code AS agency_code', 'a.identifier AS agency_identifier', 'a.name AS agency_name'])
      .from(ProcedureEntity, 'p')
      .innerJoin(ProcedureVersionEntity, 'v', 'v.procedure_code = p.code AND v.version = p.current_version')
      .innerJoin(AgencyEntity, 'a', "a.code = v.definition->>'agency'");
  }

  private toProcedures(rows: Record<string, unknown>[]): CatalogueProcedure[] {
    return rows.map((row) => ({
      definition: row.definition as ProcedureDefinition,
      version: Number(row.version),
      versionId: String(row.version_id),
      active: Boolean(row.active),
      agency: { code: String(row.agency_code), identifier: String(row.agency_identifier), name: String(row.agency_name) },
    }));
  }
}
