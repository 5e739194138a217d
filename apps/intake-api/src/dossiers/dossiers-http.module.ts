import { Module } from '@nestjs/common';
import { DossiersModule } from '@motcua/dossiers';
import { WorkflowCommandsModule } from '@motcua/workflow';
import { DossierActionsService } from './dossier-actions.service';
import { DossierViews } from './dossier-views.service';
import { DossiersController } from './dossiers.controller';

@Module({
  imports: [DossiersModule, WorkflowCommandsModule],
  controllers: [DossiersController],
  providers: [DossierViews, DossierActionsService],
  exports: [DossierViews],
})
export class DossiersHttpModule {}
