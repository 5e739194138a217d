import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { normalisePhone, trimmed, VN_MOBILE } from '../../common/vietnamese-formats';

/** Citizen ID (12 digits, or the old 9-digit card) for people; tax code (10 or 10-3 digits) for organisations. */
const ID_NUMBER = /^(\d{9}|\d{12}|\d{10}(-\d{3})?)$/;

export class ApplicantDto {
  @ApiProperty({ example: 'Công ty Cổ phần Viễn thông ABC' })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(255)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,'&()/-]*$/u, { message: 'fullName contains characters a name cannot have' })
  fullName: string;

  @ApiProperty({ example: '001099012345', description: 'Citizen ID (12 digits) for a person; tax code for an organisation' })
  @IsString()
  @Matches(ID_NUMBER, { message: 'idNumber must be a 12-digit citizen ID number (9 digits for an old ID card) or a tax code (10 or 10-3 digits)' })
  idNumber: string;

  @ApiProperty({ example: '0912345678' })
  @Transform(normalisePhone)
  @IsString()
  @Matches(VN_MOBILE, { message: 'phone must be a Vietnamese mobile number, e.g. 0912345678' })
  phone: string;

  @ApiPropertyOptional({ example: 'lienhe@example.vn' })
  @IsOptional()
  @Transform(trimmed)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '12 Trần Phú, phường Ba Đình, Hà Nội' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ enum: [1, 2, 3, 4], description: 'LoaiDoiTuong: 1 citizen, 2 enterprise, 3 state agency, 4 other' })
  @IsInt()
  @IsIn([1, 2, 3, 4], { message: 'type must be 1 (citizen), 2 (enterprise), 3 (state agency) or 4 (other)' })
  type: number;
}

export class DocumentRefDto {
  @ApiProperty({ example: 'application' })
  @IsString()
  @MaxLength(64)
  code: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'fileId must be the id of an uploaded file' })
  fileId: string;
}

export class SubmitDossierDto {
  @ApiProperty({ example: 'bts-location-approval' })
  @IsString()
  @MaxLength(64)
  procedureCode: string;

  @ApiProperty({ type: ApplicantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty({ description: "The procedure's form fields, validated against its formSchema", type: 'object', additionalProperties: true })
  @IsObject({ message: 'fields must be an object with the procedure\'s form fields' })
  fields: Record<string, unknown>;

  @ApiProperty({ type: [DocumentRefDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentRefDto)
  documents: DocumentRefDto[];

  @ApiProperty({ enum: ['online', 'post', 'counter'] })
  @IsIn(['online', 'post', 'counter'], { message: 'resultDelivery must be online, post or counter' })
  resultDelivery: string;

  @ApiPropertyOptional({ enum: [1, 2, 3], description: 'Desk registration only: 1 in person, 3 postal (online submissions are 2)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  channel?: 1 | 2 | 3;
}
