import { CatalogueProcedure, PublishedWorkflow } from '@motcua/catalogue';
import { StatusLabel } from '@motcua/domain/status';

/** The catalogue list entry (GET /procedures). */
export function procedureSummary(procedure: CatalogueProcedure) {
  const d = procedure.definition;
  return {
    code: d.code,
    nationalCode: d.nationalCode,
    name: d.name,
    field: d.field,
    agency: procedure.agency,
    division: d.division,
    kind: d.kind,
    processingTime: d.processingTime,
    fee: d.fee,
    version: procedure.version,
    active: procedure.active,
  };
}

/** The full procedure (GET /procedures/{code}): documents, form schema and the steps a dossier goes through. */
export function procedureDetail(procedure: CatalogueProcedure, workflow: PublishedWorkflow | undefined, statuses: StatusLabel[]) {
  const d = procedure.definition;
  const statusOf = (code: number) => ({ code, name: statuses.find((s) => s.code === code)?.name ?? String(code) });
  return {
    ...procedureSummary(procedure),
    nameEn: d.nameEn,
    result: d.result,
    resultDelivery: d.resultDelivery,
    legalBasis: d.legalBasis,
    effectiveFrom: d.effectiveFrom,
    documents: d.documents,
    formSchema: d.formSchema,
    workflow: workflow && { code: workflow.definition.code, version: workflow.version },
    steps: (workflow?.definition.steps ?? []).map((step) => ({
      code: step.code,
      name: step.name,
      status: statusOf(step.status),
      publicText: step.publicText,
      terminal: step.terminal ?? false,
    })),
  };
}
