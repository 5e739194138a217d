import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.query';

const toIntList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => (/^\d+$/.test(part.trim()) ? Number(part) : part)) : value;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListDossiersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Status codes 1–10, comma-separated', example: '1,2' })
  @IsOptional()
  @Transform(toIntList)
  @IsArray()
  @IsInt({ each: true, message: 'status must be status codes 1–10, comma-separated' })
  @Min(1, { each: true })
  @Max(10, { each: true })
  status?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  procedureCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  step?: string;

  @ApiPropertyOptional({ description: 'true: past the due date and not finished' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2025-12-31T17:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueBefore must be an ISO 8601 date-time' })
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'Free text: start of the dossier code, or part of the applicant name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['mine', 'division', 'reception', 'due_soon'], description: 'An officer work list' })
  @IsOptional()
  @IsIn(['mine', 'division', 'reception', 'due_soon'])
  view?: 'mine' | 'division' | 'reception' | 'due_soon';

  @ApiPropertyOptional({ enum: ['dueAt', '-dueAt', 'submittedAt', '-submittedAt'], default: 'dueAt' })
  @IsOptional()
  @IsIn(['dueAt', '-dueAt', 'submittedAt', '-submittedAt'])
  sort?: 'dueAt' | '-dueAt' | 'submittedAt' | '-submittedAt';
}
