import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '@motcua/audit';
import { DossierEntity } from '@motcua/dossiers';
import { notFoundProblem } from '@motcua/observability';
import { Roles } from '../../auth/auth.decorators';

/** Checks a dossier's hash-chained audit trail: were rows changed or removed after the fact? */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('admin/dossiers')
export class DossierAuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':code/audit')
  @ApiOkResponse({ description: '{ dossier, valid, entries, firstBrokenId?, reason? }' })
  @ApiNotFoundResponse({ description: 'dossier_not_found' })
  async verify(@Param('code') code: string) {
    const dossier = await this.dataSource.getRepository(DossierEntity).findOne({ where: { code }, select: { id: true, code: true } });
    if (!dossier) throw notFoundProblem('dossier', `No dossier ${code}.`);
    return { dossier: dossier.code, ...(await verifyAuditChain(this.dataSource.manager, dossier.id)) };
  }
}
