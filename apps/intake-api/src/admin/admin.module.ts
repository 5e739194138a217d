import { Module } from '@nestjs/common';
import { IdentityModule } from '@motcua/identity';
import { DueDateRecomputeModule } from '@motcua/workflow';
import { DossierAuditController } from './audit/dossier-audit.controller';
import { AdminCalendarController } from './calendar/admin-calendar.controller';
import { AdminCalendarService } from './calendar/admin-calendar.service';
import { OfficialCalendar } from './calendar/official-calendar';
import { AdminProceduresController } from './procedures/admin-procedures.controller';
import { AdminQueuesController } from './queues/admin-queues.controller';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminUsersService } from './users/admin-users.service';

/**
 * Administration under /api/v1/admin, for the ADMIN role only: the holiday calendar (and the
 * recomputation of deadlines it triggers), procedure activation, officer accounts, audit checks,
 * and the queue dashboard.
 * Every change is written to the audit log with the administrator's id.
 */
@Module({
  imports: [DueDateRecomputeModule, IdentityModule],
  controllers: [AdminCalendarController, AdminProceduresController, AdminUsersController, DossierAuditController, AdminQueuesController],
  providers: [AdminCalendarService, OfficialCalendar, AdminUsersService],
})
export class AdminModule {}
