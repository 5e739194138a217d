import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { trimmed } from '../../common/vietnamese-formats';

/** Letters, digits, dots, hyphens, underscores: what dossier codes are made of (000.00.14.H23-251103-0042). */
const DOSSIER_CODE_CHARS = /^[A-Za-z0-9._-]+$/;

/**
 * Citizen ID: 12 digits (CCCD), or 9 on old identity cards (CMND) still held by some applicants;
 * organisation tax code: 10 digits, or 10 + "-" + 3 for a branch.
 */
export const APPLICANT_ID_NUMBER = /^(\d{9}|\d{12}|\d{10}(-\d{3})?)$/;

export class LookupQuery {
  @ApiProperty({ example: '000.00.14.H23-251103-0042', maxLength: 40, description: 'Dossier code from the receipt' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  // Also keeps control characters (a NUL would make PostgreSQL fail) and quotes away from the query.
  @Matches(DOSSIER_CODE_CHARS, { message: 'code may contain only letters, digits, dots, hyphens and underscores' })
  code: string;

  @ApiProperty({
    example: '001099012345',
    description: "The applicant's ID number as on the dossier: citizen ID (12 digits, or 9 on an old card) or tax code (10 digits, or 10-3 for a branch)",
  })
  @Transform(trimmed)
  @IsString()
  @Matches(APPLICANT_ID_NUMBER, {
    message: 'idNumber must be a citizen ID number (12 digits, or 9 on an old card) or a tax code (10 digits, or 10-3 digits for a branch)',
  })
  idNumber: string;
}
