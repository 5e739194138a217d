import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { CatalogueProcedure, CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue, PublishedWorkflow } from '@motcua/catalogue';
import { contentHash } from '@motcua/domain/canonical';
import { compileFormSchema } from '@motcua/domain/catalogue';
import { DossierStatus } from '@motcua/domain/status';
import { FileEntity } from '@motcua/files';
import { AgencyEntity, DivisionEntity, UserEntity } from '@motcua/identity';
import { FieldProblem, ProblemException, validationProblem } from '@motcua/observability';
import type { Actor } from '../changes/actor';
import { recordDossierChange } from '../changes/dossier-change.recorder';
import { allocateDossierCode } from '../codes/dossier-code.repository';
import { ApplicantData, DossierDocumentEntity, DossierEntity, IdempotencyKeyEntity } from '../entities';

export type SubmissionChannel = 1 | 2 | 3;

export interface SubmissionInput {
  procedureCode: string;
  applicant: ApplicantData;
  fields: Record<string, unknown>;
  documents: { code: string; fileId: string }[];
  resultDelivery: string;
  /** 2 online (citizens); 1 in person or 3 postal, registered at the desk. */
  channel: SubmissionChannel;
}

export interface SubmissionResult {
  dossier: DossierEntity;
  /** True when the Idempotency-Key had already created this dossier. */
  replayed: boolean;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Online submission and desk registration: validates against the procedure version in force,
 * then writes the dossier, its documents, history, audit and `dossier.submitted` event in one
 * transaction. An Idempotency-Key makes a retried request return the same dossier.
 */
@Injectable()
export class DossierSubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  async submit(actor: Actor, input: SubmissionInput, idempotencyKey: string): Promise<SubmissionResult> {
    const requestHash = contentHash(input);
    const earlier = await this.replay(actor.userId!, idempotencyKey, requestHash);
    if (earlier) return { dossier: earlier, replayed: true };

    const procedure = await this.activeProcedure(input.procedureCode);
    const workflow = await this.catalogue.currentWorkflow(procedure.definition.workflow);
    if (!workflow) throw new Error(`workflow ${procedure.definition.workflow} is not published`);
    await this.validate(actor, input, procedure);

    const now = new Date();
    const code = await allocateDossierCode(this.dataSource.manager, procedure.agency.identifier, now, this.appConfig.workingTime.timeZone);
    try {
      const dossier = await this.dataSource.transaction((manager) =>
        this.write(manager, { actor, input, procedure, workflow, code, now, idempotencyKey, requestHash }),
      );
      return { dossier, replayed: false };
    } catch (error) {
      // A concurrent request with the same key won the race: answer as a replay of it.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && (error as { table?: string }).table === 'idempotency_keys') {
        const winner = await this.replay(actor.userId!, idempotencyKey, requestHash);
        if (winner) return { dossier: winner, replayed: true };
      }
      throw error;
    }
  }

  private async replay(ownerId: string, key: string, requestHash: string): Promise<DossierEntity | undefined> {
    const record = await this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ ownerId, key });
    if (!record) return undefined;
    if (record.requestHash !== requestHash) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'idempotency_key_reused',
        'Idempotency key reused',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    return this.dataSource.getRepository(DossierEntity).findOneByOrFail({ id: record.dossierId });
  }

  private async activeProcedure(code: string): Promise<CatalogueProcedure> {
    const procedure = await this.catalogue.findProcedure(code);
    if (!procedure || !procedure.active) {
      throw validationProblem([{ field: 'procedureCode', message: `no active procedure with code "${code}"` }]);
    }
    // The cached version row keeps one definition object per version, so its compiled form validator is reused.
    const version = await this.catalogue.procedureVersion(procedure.versionId);
    return version ? { ...procedure, definition: version.definition } : procedure;
  }

  private async validate(actor: Actor, input: SubmissionInput, procedure: CatalogueProcedure): Promise<void> {
    const definition = procedure.definition;
    const problems: FieldProblem[] = compileFormSchema(definition)(input.fields);
    if (input.applicant.type === 1 && !/^(\d{12}|\d{9})$/.test(input.applicant.idNumber)) {
      problems.push({ field: 'applicant.idNumber', message: "a citizen's idNumber is the 12-digit citizen ID number (9 digits for an old ID card)" });
    }
    if (!definition.resultDelivery.includes(input.resultDelivery as never)) {
      problems.push({ field: 'resultDelivery', message: `must be one of ${definition.resultDelivery.join(', ')} for this procedure` });
    }

    const byCode = new Map(definition.documents.map((d) => [d.code, d]));
    const fileIds = input.documents.map((d) => d.fileId);
    const files = new Map(
      (await this.dataSource.getRepository(FileEntity).findBy({ id: In(fileIds), ownerId: actor.userId! })).map((f) => [f.id, f]),
    );
    input.documents.forEach((document, i) => {
      const spec = byCode.get(document.code);
      const file = files.get(document.fileId);
      if (!spec) problems.push({ field: `documents[${i}].code`, message: `this procedure has no document "${document.code}"` });
      else if (!file) problems.push({ field: `documents[${i}].fileId`, message: 'no such file among your uploads' });
      else if (!spec.accept.includes(file.mimeType)) {
        problems.push({ field: `documents[${i}].fileId`, message: `${spec.name}: type ${file.mimeType} is not accepted (${spec.accept.join(', ')})` });
      } else if (Number(file.size) > spec.maxBytes) {
        problems.push({ field: `documents[${i}].fileId`, message: `${spec.name}: larger than ${spec.maxBytes} bytes` });
      }
    });
    for (const spec of definition.documents) {
      if (spec.required && !input.documents.some((d) => d.code === spec.code)) {
        problems.push({ field: 'documents', message: `missing required document "${spec.code}" (${spec.name})` });
      }
    }
    if (problems.length) throw validationProblem(problems, 'The dossier has invalid or missing information.');
  }

  private async write(
    manager: EntityManager,
    args: {
      actor: Actor;
      input: SubmissionInput;
      procedure: CatalogueProcedure;
      workflow: PublishedWorkflow;
      code: string;
      now: Date;
      idempotencyKey: string;
      requestHash: string;
    },
  ): Promise<DossierEntity> {
    const { actor, input, procedure, workflow, code, now } = args;
    const dossierId = randomUUID();
    // The key row goes first: a concurrent twin blocks on it and then fails, instead of creating a second dossier.
    await manager.insert(IdempotencyKeyEntity, { ownerId: actor.userId!, key: args.idempotencyKey, requestHash: args.requestHash, dossierId });

    const agency = await manager.findOneByOrFail(AgencyEntity, { code: procedure.agency.code });
    const division = await manager.findOneBy(DivisionEntity, { agencyId: agency.id, code: procedure.definition.division });
    const applicantUserId = input.channel === 2 ? actor.userId : await this.accountOf(manager, input.applicant.idNumber);

    const dossier = manager.create(DossierEntity, {
      id: dossierId,
      code,
      procedureCode: procedure.definition.code,
      procedureVersionId: procedure.versionId,
      workflowVersionId: workflow.versionId,
      agencyId: agency.id,
      divisionId: division?.id ?? null,
      applicantUserId,
      registeredBy: input.channel === 2 ? null : actor.userId,
      applicant: input.applicant,
      applicantName: input.applicant.fullName,
      applicantIdNumber: input.applicant.idNumber,
      fields: input.fields,
      channel: input.channel,
      resultDelivery: input.resultDelivery,
      status: DossierStatus.SUBMITTED,
      step: workflow.definition.initialStep,
      version: 1,
      sequence: 0,
      submittedAt: now,
      stepEnteredAt: now,
    });
    const saved = await recordDossierChange(
      manager,
      dossier,
      { action: 'submit', actor, at: now, previous: { status: null, step: null }, data: { channel: input.channel } },
      {
        procedureName: procedure.definition.name,
        agencyCode: procedure.agency.code,
        agencyIdentifier: procedure.agency.identifier,
        workflow: workflow.definition,
        statuses: this.config.statuses,
      },
    );
    if (input.documents.length) {
      await manager.insert(
        DossierDocumentEntity,
        input.documents.map((d) => ({ dossierId, documentCode: d.code, fileId: d.fileId, purpose: 'submission' })),
      );
      await manager.update(FileEntity, { id: In(input.documents.map((d) => d.fileId)) }, { attachedAt: now });
    }
    return saved;
  }

  /** A desk-registered dossier belongs to the citizen's account when one exists for that ID number. */
  private async accountOf(manager: EntityManager, idNumber: string): Promise<string | null> {
    const user = await manager.findOne(UserEntity, { where: { idNumber }, select: { id: true } });
    return user?.id ?? null;
  }
}
