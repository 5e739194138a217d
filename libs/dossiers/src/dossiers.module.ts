import { Module } from '@nestjs/common';
import { DossierQueryService } from './queries/dossier-query.service';
import { DossierSubmissionService } from './submission/dossier-submission.service';

@Module({ providers: [DossierSubmissionService, DossierQueryService], exports: [DossierSubmissionService, DossierQueryService] })
export class DossiersModule {}
