import { Public } from '../auth/auth.decorators';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalendarService } from '@motcua/calendar';
import { CalendarDaysQuery } from './dto/calendar-days.query';
import { DueDateQuery } from './dto/due-date.query';

@ApiTags('calendar')
@Controller('calendar')
@Public()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** The due date of a time limit counted from an acceptance instant, and which rules moved it. */
  @Get('due-date')
  @ApiOkResponse({ description: '{ startsAt, dueAt, explanation[] }' })
  async dueDate(@Query() query: DueDateQuery) {
    const result = await this.calendar.dueDate(new Date(query.start), query.value, query.unit);
    return { startsAt: result.startsAt.toISOString(), dueAt: result.dueAt.toISOString(), explanation: result.explanation };
  }

  /** Non-working weekdays and make-up working days of a year, with their reasons. */
  @Get('days')
  @ApiOkResponse({ description: '{ year, days: [{ date, kind, reason, source }] }' })
  async days(@Query() query: CalendarDaysQuery) {
    return { year: query.year, days: await this.calendar.daysOfYear(query.year) };
  }
}
