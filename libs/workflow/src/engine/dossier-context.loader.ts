import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import type { ProcedureDefinition } from '@motcua/domain/catalogue';
import type { WorkflowDefinition } from '@motcua/domain/workflow';
import { DossierContext, DossierEntity, dossierFromRow, dossierSelectList } from '@motcua/dossiers';
import { AgencyEntity } from '@motcua/identity';
import { NamedStatement } from '@motcua/messaging';

export interface PinnedDossier {
  workflow: WorkflowDefinition;
  procedure: ProcedureDefinition;
  context: DossierContext;
}

/** The agency names a dossier's events carry. */
type AgencyNames = Pick<AgencyEntity, 'code' | 'identifier'>;

type LockedRow = Record<string, unknown> & { agency_code: string | null; agency_identifier: string | null };

export type LockedDossier = { dossier: DossierEntity } & PinnedDossier;

/** The versions a dossier is pinned to, and the names its events carry. */
@Injectable()
export class DossierContextLoader {
  /** Every command and timer runs it; built from the entity's columns on first use. */
  private lockStatement?: NamedStatement<LockedRow>;
  /** Built from the entity's columns once: every command asks for it. */
  private selectList?: string;

  constructor(
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  async load(manager: EntityManager, dossier: DossierEntity): Promise<PinnedDossier> {
    return this.pinnedTo(dossier, await manager.findOneByOrFail(AgencyEntity, { id: dossier.agencyId }));
  }

  /**
   * Locks the dossier row (FOR UPDATE) and reads its agency's names in the same statement, so a
   * command needs one round trip where it took two. The agency row is read, not locked.
   */
  async lockWithContext(manager: EntityManager, dossierId: string): Promise<LockedDossier | null> {
    this.lockStatement ??= new NamedStatement(
      'dossier_lock_with_agency',
      `SELECT ${this.lockedSelectList(manager)} FROM dossiers d LEFT JOIN agencies a ON a.id = d.agency_id WHERE d.id = $1 FOR UPDATE OF d`,
    );
    const [row] = await this.lockStatement.run(manager, [dossierId]);
    return row ? this.fromLockedRow(manager, row) : null;
  }

  /** The select list of a statement that locks a dossier `d` and reads its agency `a` (LEFT JOIN agencies a ON a.id = d.agency_id). */
  lockedSelectList(manager: EntityManager): string {
    this.selectList ??= `${dossierSelectList(manager, 'd')}, a.code AS agency_code, a.identifier AS agency_identifier`;
    return this.selectList;
  }

  /** The dossier and its context from a row read with lockedSelectList. */
  async fromLockedRow(manager: EntityManager, row: Record<string, unknown>): Promise<LockedDossier> {
    const dossier = dossierFromRow(manager, row);
    const { agency_code: code, agency_identifier: identifier } = row as LockedRow;
    if (code === null || identifier === null) throw new Error(`dossier ${dossier.code} belongs to an agency that does not exist`);
    return { dossier, ...(await this.pinnedTo(dossier, { code, identifier })) };
  }

  private async pinnedTo(dossier: DossierEntity, agency: AgencyNames): Promise<PinnedDossier> {
    const [procedure, workflow] = await Promise.all([
      this.catalogue.procedureVersion(dossier.procedureVersionId),
      this.catalogue.workflowVersion(dossier.workflowVersionId),
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
