import { Body, Controller, Get, Headers, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byDocumentCode, DossierQueryService, DossierSubmissionService, SubmissionChannel } from '@motcua/dossiers';
import { ProblemException } from '@motcua/observability';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { DossierActionsService } from './dossier-actions.service';
import { DossierViews } from './dossier-views.service';
import { DossierActionDto } from './dto/dossier-action.dto';
import { ListDossiersQuery } from './dto/list-dossiers.query';
import { SubmitDossierDto } from './dto/submit-dossier.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

function requireIdempotencyKey(key: string | undefined): string {
  if (!key) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'idempotency_key_required', 'Idempotency key required', 'Send an Idempotency-Key header (e.g. a UUID) so a retried submission has one effect.');
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'idempotency_key_invalid', 'Invalid idempotency key', 'Idempotency-Key must be 1–255 visible ASCII characters.');
  }
  return key;
}

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class DossiersController {
  constructor(
    private readonly submissions: DossierSubmissionService,
    private readonly queries: DossierQueryService,
    private readonly views: DossierViews,
    private readonly actionsService: DossierActionsService,
  ) {}

  /** Online submission by a citizen; in-person (1) or postal (3) registration by the one-stop desk. */
  @Post()
  @Roles('CITIZEN', 'RECEPTIONIST')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key and body return the same dossier' })
  @ApiCreatedResponse({ description: 'The dossier with its code and status 1' })
  @ApiConflictResponse({ description: 'idempotency_key_reused' })
  @ApiUnprocessableEntityResponse({ description: 'validation_failed, with errors[] naming each field' })
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() body: SubmitDossierDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const key = requireIdempotencyKey(idempotencyKey);
    const channel = this.channelFor(user, body.channel);
    const { channel: _requested, ...input } = body;
    const { dossier, replayed } = await this.submissions.submit(
      { userId: user.id, role: channel === 2 ? 'CITIZEN' : 'RECEPTIONIST', name: user.fullName },
      { ...input, channel },
      key,
      request.id,
    );
    if (replayed) response.header('Idempotent-Replayed', 'true');
    response.status(HttpStatus.CREATED);
    // A new dossier's documents are the ones just sent (in the order they are read back); a replay reads what the first request stored.
    const documents = replayed
      ? await this.queries.documents(dossier.id)
      : input.documents
          .map((d) => ({ documentCode: d.code, fileId: d.fileId, purpose: 'submission' }))
          .sort(byDocumentCode);
    return this.views.detail(dossier, documents);
  }

  @Get()
  @ApiOkResponse({ description: '{ items, page, pageSize, total }' })
  async list(@CurrentUser() user: AuthUser, @Query() query: ListDossiersQuery) {
    const { items, total } = await this.queries.list(user, { ...query, dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined });
    return { items: await Promise.all(items.map((d) => this.views.summary(d))), page: query.page, pageSize: query.pageSize, total };
  }

  @Get(':code')
  async get(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    const { dossier, documents } = await this.queries.getWithDocuments(user, code);
    return this.views.detail(dossier, documents);
  }

  /** The process control slip (form 06): one row per hand-over. */
  @Get(':code/history')
  async history(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    const dossier = await this.queries.getByCode(user, code);
    return { items: await this.views.history(dossier, await this.queries.history(dossier.id)) };
  }

  /** What the caller may do now, from the dossier's workflow definition. */
  @Get(':code/actions')
  actions(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    return this.actionsService.available(user, code);
  }

  /**
   * Applies an action through the workflow engine: 200 with the new dossier when applied within a
   * few seconds, 202 with the command to follow otherwise; 409 on a stale expectedVersion or an
   * action not possible in this step, 403 when the role may not, 422 when the payload is invalid.
   */
  @Post(':code/actions')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key is the same command' })
  async act(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: DossierActionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    if (idempotencyKey !== undefined) requireIdempotencyKey(idempotencyKey);
    const outcome = await this.actionsService.act(user, code, body, idempotencyKey, request.id);
    const dossier = await this.views.detail(outcome.dossier, outcome.documents);
    if (outcome.state === 'applied') {
      response.status(HttpStatus.OK);
      return dossier;
    }
    response.status(HttpStatus.ACCEPTED);
    response.header('Location', `/api/v1/dossiers/${code}/commands/${outcome.commandId}`);
    return { commandId: outcome.commandId, status: 'pending', dossier };
  }

  @Get(':code/commands/:commandId')
  command(@CurrentUser() user: AuthUser, @Param('code') code: string, @Param('commandId', new ParseUUIDPipe()) commandId: string) {
    return this.actionsService.commandStatus(user, code, commandId);
  }

  private channelFor(user: AuthUser, requested: SubmissionChannel | undefined): SubmissionChannel {
    const atDesk = user.roles.includes('RECEPTIONIST');
    if (!atDesk) {
      if (requested !== undefined && requested !== 2) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'channel_not_allowed', 'Forbidden', 'Only the one-stop desk registers in-person or postal dossiers.');
      }
      return 2;
    }
    if (requested === 2) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'validation_failed', 'Invalid request', 'The desk registers in-person (1) or postal (3) dossiers.', [
        { field: 'channel', message: 'must be 1 (in person) or 3 (postal) when registered at the desk' },
      ]);
    }
    return requested ?? 1;
  }
}
