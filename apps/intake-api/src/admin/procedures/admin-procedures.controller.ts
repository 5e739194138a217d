import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService, ProcedureEntity } from '@motcua/catalogue';
import { notFoundProblem } from '@motcua/observability';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { procedureSummary } from '../../procedures/procedure.views';
import { logAdminAction } from '../admin-action-log';
import { ProcedureActivationDto } from './dto/procedure-activation.dto';

/**
 * Activation of catalogue procedures. The content of a procedure comes from config/ (versioned);
 * whether it is offered is the administrators' decision, kept across restarts. Dossiers already
 * received under a deactivated procedure go on as before.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('admin/procedures')
export class AdminProceduresController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
  ) {}

  /** All procedures, inactive ones included, with their current version. */
  @Get()
  @ApiOkResponse({ description: '{ items: [{ code, name, agency, kind, processingTime, version, active, … }] }' })
  async list() {
    const procedures = await this.catalogue.listProcedures({ includeInactive: true });
    return { items: procedures.map(procedureSummary) };
  }

  @Patch(':code')
  @ApiOkResponse({ description: 'The procedure with its new `active` flag' })
  @ApiNotFoundResponse({ description: 'procedure_not_found' })
  async setActive(@Param('code') code: string, @Body() body: ProcedureActivationDto, @CurrentUser() admin: AuthUser) {
    await this.dataSource.transaction(async (manager) => {
      const procedure = await manager.findOne(ProcedureEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!procedure) throw notFoundProblem('procedure', `No procedure with code "${code}".`);
      if (procedure.active === body.active) return;
      await manager.update(ProcedureEntity, { code }, { active: body.active });
      await logAdminAction(manager, admin, {
        entityType: 'procedure',
        entityId: code,
        action: body.active ? 'procedure_activated' : 'procedure_deactivated',
        data: { active: body.active },
      });
    });
    const procedure = await this.catalogue.findProcedure(code);
    if (!procedure) throw notFoundProblem('procedure', `No procedure with code "${code}".`);
    return procedureSummary(procedure);
  }
}
