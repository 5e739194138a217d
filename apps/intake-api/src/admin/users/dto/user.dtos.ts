import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES } from '@motcua/domain/workflow';
import { OFFICER_ROLES } from '../../../auth/auth-user';
import { EmailAddress, FULL_NAME, normalisePhone, PersonName, trimmed, VN_MOBILE } from '../../../common/vietnamese-formats';
import { PaginationQuery } from '../../../common/pagination.query';

/**
 * Officers log in with this; it starts with a letter so it can never be taken for a citizen's
 * 12-digit ID number (citizens' usernames).
 */
export const OFFICER_USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;
const ROLE_MESSAGE = `roles must be among ${OFFICER_ROLES.join(', ')}`;
const CODE = /^[A-Z0-9_-]{1,32}$/;

export class CreateOfficerDto {
  @ApiProperty({ example: 'chuyenvien.bcvt2', description: 'Lower-case letters, digits, dot, underscore, hyphen; starts with a letter' })
  @IsString()
  @Matches(OFFICER_USERNAME, { message: 'username must be 3–64 lower-case letters, digits, ".", "_" or "-", starting with a letter' })
  username: string;

  @ApiProperty({ example: 'Lê Thị Hoa' })
  @PersonName()
  fullName: string;

  @ApiProperty({ example: 'hoa.le@skhcn.example.gov.vn' })
  @EmailAddress()
  email: string;

  @ApiPropertyOptional({ example: '0912345678' })
  @IsOptional()
  @Transform(normalisePhone)
  @IsString()
  @Matches(VN_MOBILE, { message: 'phone must be a Vietnamese mobile number, e.g. 0912345678 or +84912345678' })
  phone?: string;

  @ApiProperty({ enum: OFFICER_ROLES, isArray: true, example: ['SPECIALIST'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OFFICER_ROLES.length)
  @ArrayUnique()
  @IsIn(OFFICER_ROLES, { each: true, message: ROLE_MESSAGE })
  roles: string[];

  @ApiProperty({ example: 'SKHCN' })
  @IsString()
  @Matches(CODE, { message: 'agencyCode must be an agency code, e.g. SKHCN' })
  agencyCode: string;

  @ApiPropertyOptional({ example: 'BCVT', description: 'A division of that agency' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'divisionCode must be a division code, e.g. BCVT' })
  divisionCode?: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'At least 12 characters; give it to the officer by a separate channel' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters long' })
  @MaxLength(128)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Lê Thị Hoa' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  @Matches(FULL_NAME, { message: 'fullName may contain only letters, spaces, apostrophes and hyphens' })
  fullName?: string;

  @ApiPropertyOptional({ enum: OFFICER_ROLES, isArray: true, description: 'Replaces the roles; takes effect at the next login' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OFFICER_ROLES.length)
  @ArrayUnique()
  @IsIn(OFFICER_ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: string[];

  @ApiPropertyOptional({ example: 'TTBCXB', nullable: true, description: "A division of the officer's agency; null: none" })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'divisionCode must be a division code, e.g. BCVT' })
  divisionCode?: string | null;

  @ApiPropertyOptional({ description: 'false: the account can no longer log in' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ROLES.filter((role) => role !== 'SYSTEM') })
  @IsOptional()
  @IsIn(ROLES.filter((role) => role !== 'SYSTEM'), { message: 'role must be a role name, e.g. SPECIALIST' })
  role?: string;

  @ApiPropertyOptional({ description: 'Part of the username, full name or e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
