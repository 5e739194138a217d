import { Module } from '@nestjs/common';
import { DossiersModule } from '@motcua/dossiers';
import { DossierViews } from './dossier-views.service';
import { DossiersController } from './dossiers.controller';

@Module({ imports: [DossiersModule], controllers: [DossiersController], providers: [DossierViews], exports: [DossierViews] })
export class DossiersHttpModule {}
