import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CALENDAR_DAY_KINDS, CalendarDayKind } from '@motcua/domain/calendar';
import { trimmed } from '../../../common/vietnamese-formats';

export class CalendarDayDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday or day_off: not a working day; working_day: a (make-up) working day' })
  @IsIn(CALENDAR_DAY_KINDS as CalendarDayKind[], { message: `kind must be one of ${CALENDAR_DAY_KINDS.join(', ')}` })
  kind: CalendarDayKind;

  @ApiProperty({ example: 'Nghỉ bù theo Thông báo số …/TB-BNV', description: 'Shown with the day and in due-date explanations' })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(255)
  reason: string;
}

export class RecomputeDto {
  @ApiProperty({ example: 'Lịch nghỉ năm 2027 đã cập nhật', description: 'Kept on the history of every dossier whose dates move' })
  @Transform(trimmed)
  @IsString()
  @MinLength(3)
  @MaxLength(255)
  reason: string;
}
