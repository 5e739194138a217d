import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OFFICER_ROLES } from './recipient-resolver';

type StepRoles = Map<string, string[]>;

/**
 * The officer roles of each step of a workflow version. A published version never changes, so each
 * is read once per process and kept (there are a few per procedure).
 */
@Injectable()
export class WorkflowStepRoles {
  private readonly versions = new Map<string, Promise<StepRoles>>();

  /** The officer roles of a step of the workflow version a dossier is pinned to; none for an unknown step. */
  async of(manager: EntityManager, workflowVersionId: string, stepCode: string | undefined): Promise<string[]> {
    if (!stepCode) return [];
    return (await this.version(manager, workflowVersionId)).get(stepCode) ?? [];
  }

  private version(manager: EntityManager, id: string): Promise<StepRoles> {
    let steps = this.versions.get(id);
    if (!steps) {
      steps = this.read(manager, id);
      this.versions.set(id, steps);
      // A failed read (database down) is tried again next time rather than remembered.
      steps.catch(() => this.versions.delete(id));
    }
    return steps;
  }

  private async read(manager: EntityManager, id: string): Promise<StepRoles> {
    const rows: { code: string; roles: string[] | null }[] = await manager.query(
      `SELECT step->>'code' AS code, step->'roles' AS roles FROM workflow_versions w, jsonb_array_elements(w.definition->'steps') step WHERE w.id = $1`,
      [id],
    );
    return new Map(rows.map((row) => [row.code, (row.roles ?? []).filter((role) => OFFICER_ROLES.has(role))]));
  }
}
