import { Inject, Injectable } from '@nestjs/common';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { DossierDocumentEntity, DossierEntity, DossierHistoryEntity, statusLabel } from '@motcua/dossiers';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Turns dossier rows into API answers, with names from the versions the dossier is pinned to. */
@Injectable()
export class DossierViews {
  constructor(
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  async summary(dossier: DossierEntity) {
    const [procedure, workflow] = await Promise.all([
      this.catalogue.procedureVersion(dossier.procedureVersionId),
      this.catalogue.workflowVersion(dossier.workflowVersionId),
    ]);
    const step = workflow?.definition.steps.find((s) => s.code === dossier.step);
    return {
      code: dossier.code,
      procedure: { code: dossier.procedureCode, name: procedure?.definition.name ?? dossier.procedureCode, version: procedure?.version },
      status: statusLabel(this.config.statuses, dossier.status),
      step: { code: dossier.step, name: step?.name ?? dossier.step, publicText: step?.publicText ?? null },
      channel: dossier.channel,
      applicant: { fullName: dossier.applicant.fullName, type: dossier.applicant.type },
      assigneeId: dossier.assigneeId,
      version: dossier.version,
      submittedAt: iso(dossier.submittedAt),
      receivedAt: iso(dossier.receivedAt),
      dueAt: iso(dossier.dueAt),
      stepDueAt: iso(dossier.stepDueAt),
      finishedAt: iso(dossier.finishedAt),
      overdue: dossier.dueAt !== null && dossier.finishedAt === null && dossier.dueAt.getTime() < Date.now(),
    };
  }

  async detail(dossier: DossierEntity, documents: Pick<DossierDocumentEntity, 'documentCode' | 'fileId' | 'purpose'>[]) {
    return {
      ...(await this.summary(dossier)),
      applicant: dossier.applicant,
      fields: dossier.fields,
      resultDelivery: dossier.resultDelivery,
      documents: documents.map((d) => ({ code: d.documentCode, fileId: d.fileId, purpose: d.purpose })),
      supplementRequestCount: dossier.supplementRequestCount,
      returnedAt: iso(dossier.returnedAt),
      pausedAt: iso(dossier.pausedAt),
    };
  }

  async history(dossier: DossierEntity, rows: DossierHistoryEntity[]) {
    const workflow = await this.catalogue.workflowVersion(dossier.workflowVersionId);
    const stepName = (code: string | null) => (code ? (workflow?.definition.steps.find((s) => s.code === code)?.name ?? code) : null);
    return rows.map((row) => ({
      action: row.action,
      at: row.occurredAt.toISOString(),
      from: { step: row.fromStep, stepName: stepName(row.fromStep), status: statusLabel(this.config.statuses, row.fromStatus), unit: row.fromUnit, userId: row.fromUserId },
      to: { step: row.toStep, stepName: stepName(row.toStep), status: statusLabel(this.config.statuses, row.toStatus), unit: row.toUnit, userId: row.toUserId },
      actorRole: row.actorRole,
      result: row.result,
      note: row.note,
      data: row.data,
    }));
  }
}
