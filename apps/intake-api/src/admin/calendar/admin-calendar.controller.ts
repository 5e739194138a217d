import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { AdminCalendarService } from './admin-calendar.service';
import { CalendarDatePipe } from './calendar-date.pipe';
import { CalendarDayDto, RecomputeDto } from './dto/calendar-day.dto';
import { CalendarYearQuery } from './dto/calendar-year.query';

const CHANGE_ANSWER = '{ day: { date, working, kind, reason, source, updatedBy, updatedAt }, recomputed: { examined, moved, dossiers: [{ code, from, to, stepFrom, stepTo }] } }';

/**
 * The editable public-holiday calendar. Each change recomputes the deadlines of the open dossiers
 * whose clock span covers the date and says which moved (DOMAIN.md "Public holidays").
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('admin/calendar')
export class AdminCalendarController {
  constructor(private readonly calendar: AdminCalendarService) {}

  /** A year's table entries with their source (statutory, announced, admin) and last editor. */
  @Get('days')
  @ApiOkResponse({ description: '{ year, days: [{ date, working, kind, reason, source, updatedBy, updatedAt }] }' })
  async days(@Query() query: CalendarYearQuery) {
    return { year: query.year, days: await this.calendar.days(query.year) };
  }

  /** Makes the date a holiday, a day off or a (make-up) working day; kept across re-seeding. */
  @Put('days/:date')
  @ApiOkResponse({ description: CHANGE_ANSWER })
  @ApiUnprocessableEntityResponse({ description: 'validation_failed: date, kind or reason' })
  set(@Param('date', CalendarDatePipe) date: string, @Body() body: CalendarDayDto, @CurrentUser() admin: AuthUser) {
    return this.calendar.set(date, body, admin);
  }

  /**
   * Makes the date an ordinary day of the weekly pattern. An official (seeded) entry is cancelled
   * by an admin row of the ordinary kind, so the next seeding does not bring it back.
   */
  @Delete('days/:date')
  @ApiOkResponse({ description: `${CHANGE_ANSWER} + removed: { kind, reason, source }` })
  @ApiNotFoundResponse({ description: 'calendar_day_not_found: the date already follows the weekly pattern' })
  remove(@Param('date', CalendarDatePipe) date: string, @CurrentUser() admin: AuthUser) {
    return this.calendar.remove(date, admin);
  }

  /** Drops the administrator's entry for the date: the official entry, if any, applies again. */
  @Post('days/:date/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: CHANGE_ANSWER })
  @ApiNotFoundResponse({ description: 'calendar_override_not_found: no administrator entry on that date' })
  restore(@Param('date', CalendarDatePipe) date: string, @CurrentUser() admin: AuthUser) {
    return this.calendar.restore(date, admin);
  }

  /** Recomputes every open dossier's deadlines with the current calendar (idempotent). */
  @Post('recompute')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: '{ recomputed: { examined, moved, dossiers } }' })
  async recompute(@Body() body: RecomputeDto, @CurrentUser() admin: AuthUser) {
    return { recomputed: await this.calendar.recomputeAll(body.reason, admin) };
  }
}
