import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { CatalogueProcedure, CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue, PublishedWorkflow } from '@motcua/catalogue';
import { contentHash } from '@motcua/domain/canonical';
import { compileFormSchema } from '@motcua/domain/catalogue';
import { DossierStatus } from '@motcua/domain/status';
import { FieldProblem, ProblemException, validationProblem } from '@motcua/observability';
import { NamedStatement } from '@motcua/messaging';
import type { Actor } from '../changes/actor';
import { recordDossierChange } from '../changes/dossier-change.recorder';
import { allocateDossierCode } from '../codes/dossier-code.repository';
import { ApplicantData, DossierEntity } from '../entities';

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

/** An earlier request with the same Idempotency-Key. */
interface KeyUse {
  requestHash: string;
  dossierId: string;
}

/** What validation needs of a file the caller uploaded. */
interface OwnedFile {
  mimeType: string;
  size: number;
}

/** Where a procedure's dossiers are handled. */
interface HandlingUnit {
  agencyId: string;
  divisionId: string | null;
}

interface NewDossier {
  actor: Actor;
  input: SubmissionInput;
  procedure: CatalogueProcedure;
  workflow: PublishedWorkflow;
  unit: HandlingUnit;
  applicantUserId: string | null;
  code: string;
  now: Date;
}

// The statements every submission runs, prepared once per connection.
const KEY_USE_AND_FILES = new NamedStatement<{ request_hash: string | null; dossier_id: string | null; file_id: string | null; mime_type: string; size: string }>(
  'submission_key_use_and_files',
  `SELECT k.request_hash, k.dossier_id, f.id AS file_id, f.mime_type, f.size
   FROM (VALUES (1)) AS request (one)
   LEFT JOIN idempotency_keys k ON k.owner_id = $1 AND k.key = $2
   LEFT JOIN files f ON f.id = ANY($3::uuid[]) AND f.owner_id = $1`,
);
const INSERT_KEY = new NamedStatement('submission_key_insert', 'INSERT INTO idempotency_keys (owner_id, key, request_hash, dossier_id) VALUES ($1, $2, $3, $4)');
const ATTACH_DOCUMENTS = new NamedStatement(
  'submission_documents_attach',
  `WITH attached AS (
     UPDATE files SET attached_at = $2 WHERE id = ANY($3::uuid[])
   )
   INSERT INTO dossier_documents (dossier_id, document_code, file_id, purpose)
   SELECT $1::uuid, document.code, document.file_id, 'submission'
   FROM unnest($4::varchar[], $3::uuid[]) AS document (code, file_id)`,
);

/**
 * Online submission and desk registration: validates against the procedure version in force,
 * then writes the dossier, its documents, history, audit and `dossier.submitted` event in one
 * transaction. An Idempotency-Key makes a retried request return the same dossier.
 */
@Injectable()
export class DossierSubmissionService {
  private readonly handlingUnits = new Map<string, HandlingUnit>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  /** `correlationId` (the request's id) goes on the `dossier.submitted` event, so its jobs log under it too. */
  async submit(actor: Actor, input: SubmissionInput, idempotencyKey: string, correlationId: string | null = null): Promise<SubmissionResult> {
    const ownerId = actor.userId!;
    const requestHash = contentHash(input);
    const { earlier, files } = await this.keyUseAndFiles(ownerId, idempotencyKey, input.documents.map((d) => d.fileId));
    if (earlier) return { dossier: await this.replay(earlier, requestHash), replayed: true };

    const procedure = await this.activeProcedure(input.procedureCode);
    const workflow = procedure.workflowVersionId ? await this.catalogue.workflowVersion(procedure.workflowVersionId) : undefined;
    if (!workflow) throw new Error(`workflow ${procedure.definition.workflow} is not published`);
    this.validate(input, procedure, files);

    const unit = await this.handlingUnit(procedure);
    const applicantUserId = input.channel === 2 ? ownerId : await this.accountOf(input.applicant.idNumber);
    const now = new Date();
    const code = await allocateDossierCode(this.dataSource.manager, procedure.agency.identifier, now, this.appConfig.workingTime.timeZone);
    const dossier = this.newDossier({ actor, input, procedure, workflow, unit, applicantUserId, code, now });
    try {
      await this.dataSource.transaction((manager) => this.write(manager, { dossier, actor, input, procedure, workflow, idempotencyKey, requestHash, correlationId }));
      return { dossier, replayed: false };
    } catch (error) {
      // A concurrent request with the same key won the race: answer as a replay of it.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && (error as { table?: string }).table === 'idempotency_keys') {
        const winner = await this.keyUse(ownerId, idempotencyKey);
        if (winner) return { dossier: await this.replay(winner, requestHash), replayed: true };
      }
      throw error;
    }
  }

  /**
   * The two reads a submission starts with, in one round trip: an earlier use of the Idempotency-Key
   * (at most one row) and the caller's own files among those referenced (one row each).
   */
  private async keyUseAndFiles(ownerId: string, key: string, fileIds: string[]): Promise<{ earlier?: KeyUse; files: Map<string, OwnedFile> }> {
    const rows = await KEY_USE_AND_FILES.run(this.dataSource.manager, [ownerId, key, fileIds]);
    const [first] = rows;
    const earlier = first.request_hash === null ? undefined : { requestHash: first.request_hash, dossierId: first.dossier_id! };
    const files = new Map<string, OwnedFile>();
    for (const row of rows) if (row.file_id) files.set(row.file_id, { mimeType: row.mime_type, size: Number(row.size) });
    return { earlier, files };
  }

  private async keyUse(ownerId: string, key: string): Promise<KeyUse | undefined> {
    const rows: { request_hash: string; dossier_id: string }[] = await this.dataSource.query(
      'SELECT request_hash, dossier_id FROM idempotency_keys WHERE owner_id = $1 AND key = $2',
      [ownerId, key],
    );
    return rows.length ? { requestHash: rows[0].request_hash, dossierId: rows[0].dossier_id } : undefined;
  }

  /** The dossier an earlier request with this key created, if it had the same body. */
  private async replay(earlier: KeyUse, requestHash: string): Promise<DossierEntity> {
    if (earlier.requestHash !== requestHash) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'idempotency_key_reused',
        'Idempotency key reused',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    return this.dataSource.getRepository(DossierEntity).findOneByOrFail({ id: earlier.dossierId });
  }

  private async activeProcedure(code: string): Promise<CatalogueProcedure> {
    const procedure = await this.catalogue.findProcedure(code);
    if (!procedure || !procedure.active) {
      throw validationProblem([{ field: 'procedureCode', message: `no active procedure with code "${code}"` }]);
    }
    // The definition is the cached version's own object, so its compiled form validator is reused.
    return procedure;
  }

  private validate(input: SubmissionInput, procedure: CatalogueProcedure, files: Map<string, OwnedFile>): void {
    const definition = procedure.definition;
    const problems: FieldProblem[] = compileFormSchema(definition)(input.fields);
    if (input.applicant.type === 1 && !/^(\d{12}|\d{9})$/.test(input.applicant.idNumber)) {
      problems.push({ field: 'applicant.idNumber', message: "a citizen's idNumber is the 12-digit citizen ID number (9 digits for an old ID card)" });
    }
    if (!definition.resultDelivery.includes(input.resultDelivery as never)) {
      problems.push({ field: 'resultDelivery', message: `must be one of ${definition.resultDelivery.join(', ')} for this procedure` });
    }

    const byCode = new Map(definition.documents.map((d) => [d.code, d]));
    input.documents.forEach((document, i) => {
      const spec = byCode.get(document.code);
      const file = files.get(document.fileId);
      if (!spec) problems.push({ field: `documents[${i}].code`, message: `this procedure has no document "${document.code}"` });
      else if (!file) problems.push({ field: `documents[${i}].fileId`, message: 'no such file among your uploads' });
      else if (!spec.accept.includes(file.mimeType)) {
        problems.push({ field: `documents[${i}].fileId`, message: `${spec.name}: type ${file.mimeType} is not accepted (${spec.accept.join(', ')})` });
      } else if (file.size > spec.maxBytes) {
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

  /**
   * Agency and division ids of the procedure's handling unit. Both are seeded from the catalogue and
   * never renumbered, so a unit once found is kept for the life of the process.
   */
  private async handlingUnit(procedure: CatalogueProcedure): Promise<HandlingUnit> {
    const key = `${procedure.agency.code}/${procedure.definition.division}`;
    const known = this.handlingUnits.get(key);
    if (known) return known;
    const rows: { agency_id: string; division_id: string | null }[] = await this.dataSource.query(
      `SELECT a.id AS agency_id, d.id AS division_id
       FROM agencies a LEFT JOIN divisions d ON d.agency_id = a.id AND d.code = $2
       WHERE a.code = $1`,
      [procedure.agency.code, procedure.definition.division],
    );
    if (!rows.length) throw new Error(`agency ${procedure.agency.code} does not exist`);
    const unit = { agencyId: rows[0].agency_id, divisionId: rows[0].division_id };
    // A division missing now may be added by a later catalogue sync: only a complete unit is kept.
    if (unit.divisionId) this.handlingUnits.set(key, unit);
    return unit;
  }

  /** A desk-registered dossier belongs to the citizen's account when one exists for that ID number. */
  private async accountOf(idNumber: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM users WHERE id_number = $1 LIMIT 1', [idNumber]);
    return rows[0]?.id ?? null;
  }

  /** The dossier as it is created: every column set, as the row will read once inserted. */
  private newDossier({ actor, input, procedure, workflow, unit, applicantUserId, code, now }: NewDossier): DossierEntity {
    const fields: Omit<DossierEntity, 'createdAt' | 'updatedAt'> = {
      id: randomUUID(),
      code,
      procedureCode: procedure.definition.code,
      procedureVersionId: procedure.versionId,
      workflowVersionId: workflow.versionId,
      agencyId: unit.agencyId,
      divisionId: unit.divisionId,
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
      assigneeId: null,
      version: 1,
      sequence: 0,
      submittedAt: now,
      receivedAt: null,
      dueAt: null,
      stepDueAt: null,
      stepDueSoonAt: null,
      stepAutoActionAt: null,
      stepWarnedAt: null,
      stepOverdueAt: null,
      overdueAt: null,
      finishedAt: null,
      returnedAt: null,
      stepEnteredAt: now,
      pausedAt: null,
      pauseReason: null,
      pauses: [],
      supplementRequestCount: 0,
      extendedAt: null,
      extendedDueAt: null,
      resultNumber: null,
    };
    return Object.assign(new DossierEntity(), fields);
  }

  private async write(
    manager: EntityManager,
    args: {
      dossier: DossierEntity;
      actor: Actor;
      input: SubmissionInput;
      procedure: CatalogueProcedure;
      workflow: PublishedWorkflow;
      idempotencyKey: string;
      requestHash: string;
      correlationId: string | null;
    },
  ): Promise<void> {
    const { dossier, actor, input, procedure, workflow } = args;
    // The key row goes first: a concurrent twin blocks on it and then fails, instead of creating a second dossier.
    await INSERT_KEY.run(manager, [actor.userId, args.idempotencyKey, args.requestHash, dossier.id]);
    await recordDossierChange(
      manager,
      dossier,
      { action: 'submit', actor, at: dossier.submittedAt, previous: { status: null, step: null }, data: { channel: input.channel }, correlationId: args.correlationId },
      {
        procedureName: procedure.definition.name,
        agencyCode: procedure.agency.code,
        agencyIdentifier: procedure.agency.identifier,
        workflow: workflow.definition,
        statuses: this.config.statuses,
      },
    );
    if (input.documents.length) await this.attachDocuments(manager, dossier, input.documents);
  }

  /** Records the submitted documents and marks their files attached (so they are no longer swept), in one statement. */
  private async attachDocuments(manager: EntityManager, dossier: DossierEntity, documents: SubmissionInput['documents']): Promise<void> {
    await ATTACH_DOCUMENTS.run(manager, [dossier.id, dossier.submittedAt, documents.map((d) => d.fileId), documents.map((d) => d.code)]);
  }
}
