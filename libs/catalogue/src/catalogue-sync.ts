import { EntityManager } from 'typeorm';
import { AgencyDefinition, ProcedureDefinition } from '@motcua/domain/catalogue';
import { WorkflowDefinition } from '@motcua/domain/workflow';
import { AgencyEntity, DivisionEntity } from '@motcua/identity';
import { contentHash } from '@motcua/domain/canonical';
import { ConfigFileError } from './catalogue-files';
import { ProcedureEntity, ProcedureVersionEntity, WorkflowVersionEntity } from './entities';

export interface CatalogueSyncReport {
  newProcedureVersions: string[];
  newWorkflowVersions: string[];
}

async function syncAgencies(manager: EntityManager, agencies: AgencyDefinition[]): Promise<void> {
  for (const agency of agencies) {
    await manager.upsert(AgencyEntity, { code: agency.code, identifier: agency.identifier, name: agency.name }, ['code']);
    const { id } = await manager.findOneByOrFail(AgencyEntity, { code: agency.code });
    for (const division of agency.divisions) {
      await manager.upsert(DivisionEntity, { agencyId: id, code: division.code, name: division.name }, ['agencyId', 'code']);
    }
  }
}

/**
 * Published workflow versions are immutable: the same (code, version) with other content is refused,
 * so a running dossier never sees its definition change under it.
 */
async function syncWorkflows(manager: EntityManager, workflows: WorkflowDefinition[]): Promise<string[]> {
  const created: string[] = [];
  for (const workflow of workflows) {
    const hash = contentHash(workflow);
    const existing = await manager.findOneBy(WorkflowVersionEntity, { workflowCode: workflow.code, version: workflow.version });
    if (existing && existing.contentHash !== hash) {
      throw new ConfigFileError(
        `config/workflows/${workflow.code}.json: version ${workflow.version} is already published with other content; ` +
          'raise "version" to publish the change (running dossiers keep the version they started with)',
      );
    }
    if (!existing) {
      await manager.save(WorkflowVersionEntity, {
        workflowCode: workflow.code,
        version: workflow.version,
        contentHash: hash,
        definition: workflow,
      });
      created.push(`${workflow.code}@${workflow.version}`);
    }
  }
  return created;
}

/** A changed procedure file becomes a new version; dossiers keep the version they were received under. */
async function syncProcedures(manager: EntityManager, procedures: ProcedureDefinition[]): Promise<string[]> {
  const created: string[] = [];
  for (const procedure of procedures) {
    const hash = contentHash(procedure);
    const latest = await manager.findOne(ProcedureVersionEntity, {
      where: { procedureCode: procedure.code },
      order: { version: 'DESC' },
    });
    if (latest?.contentHash === hash) continue;
    const version = (latest?.version ?? 0) + 1;
    await manager.save(ProcedureVersionEntity, {
      procedureCode: procedure.code,
      version,
      contentHash: hash,
      definition: procedure,
      effectiveFrom: procedure.effectiveFrom,
    });
    if (latest) {
      await manager.update(ProcedureEntity, { code: procedure.code }, { currentVersion: version });
    } else {
      // Activation is the admins' decision after the first load; the file only sets the initial state.
      await manager.insert(ProcedureEntity, { code: procedure.code, active: procedure.active, currentVersion: version });
    }
    created.push(`${procedure.code}@${version}`);
  }
  return created;
}

/** Loads config/ into versioned rows. Run inside the start-up lock, in one transaction. */
export async function syncCatalogue(
  manager: EntityManager,
  catalogue: { agencies: AgencyDefinition[]; procedures: ProcedureDefinition[]; workflows: WorkflowDefinition[] },
): Promise<CatalogueSyncReport> {
  await syncAgencies(manager, catalogue.agencies);
  const newWorkflowVersions = await syncWorkflows(manager, catalogue.workflows);
  const newProcedureVersions = await syncProcedures(manager, catalogue.procedures);
  return { newProcedureVersions, newWorkflowVersions };
}
