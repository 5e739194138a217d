import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { DURATION_UNITS, DurationUnit } from '@motcua/domain/calendar';

export class DueDateQuery {
  @ApiProperty({ example: '2025-11-03T09:00:00+07:00', description: 'Acceptance instant (ISO 8601; without an offset it is read as UTC)' })
  @IsISO8601({ strict: true }, { message: 'start must be an ISO 8601 date-time, e.g. 2025-11-03T09:00:00+07:00' })
  start: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: 3650 })
  @Type(() => Number)
  @IsInt({ message: 'value must be a whole number' })
  @Min(1)
  @Max(3650)
  value: number;

  @ApiProperty({ enum: DURATION_UNITS })
  @IsIn(DURATION_UNITS as DurationUnit[], { message: `unit must be one of ${DURATION_UNITS.join(', ')}` })
  unit: DurationUnit;
}
