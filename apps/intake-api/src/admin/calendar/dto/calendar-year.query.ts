import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { EDITABLE_YEARS } from '../calendar-date.pipe';

export class CalendarYearQuery {
  @ApiProperty({ example: 2026, minimum: EDITABLE_YEARS.from, maximum: EDITABLE_YEARS.to })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(EDITABLE_YEARS.from)
  @Max(EDITABLE_YEARS.to)
  year: number;
}
