import { Public } from '../auth/auth.decorators';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CatalogueService, CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { notFoundProblem } from '@motcua/observability';
import { procedureDetail, procedureSummary } from './procedure.views';

@ApiTags('catalogue')
@Controller('procedures')
@Public()
export class ProceduresController {
  constructor(
    private readonly catalogue: CatalogueService,
    @Inject(CONFIG_CATALOGUE) private readonly config: ConfigCatalogue,
  ) {}

  /** Active procedures with their current version. */
  @Get()
  @ApiOkResponse({ description: '{ items: [...] }' })
  async list() {
    const procedures = await this.catalogue.listProcedures();
    return { items: procedures.map(procedureSummary) };
  }

  @Get(':code')
  @ApiNotFoundResponse({ description: 'procedure_not_found' })
  async get(@Param('code') code: string) {
    const procedure = await this.catalogue.findProcedure(code);
    if (!procedure || !procedure.active) throw notFoundProblem('procedure', `No procedure with code "${code}".`);
    const workflow = await this.catalogue.currentWorkflow(procedure.definition.workflow);
    return procedureDetail(procedure, workflow, this.config.statuses);
  }
}
