import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ACTIONS } from '@motcua/domain/workflow';
import { DocumentRefDto } from './submit-dossier.dto';

export class MissingItemDto {
  @ApiProperty({ example: 'Bản vẽ kết cấu cột ăng-ten có chữ ký, đóng dấu' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ResultDocumentDto {
  @ApiProperty({ example: '1234/SKHCN-BCVT' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  number: string;

  @ApiPropertyOptional({ example: '2025-11-14T10:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  signedAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The signed result document, uploaded first' })
  @IsOptional()
  @IsUUID('4')
  fileId?: string;
}

export class ExternalResultDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  decision: 'approved' | 'rejected';

  @ApiPropertyOptional({ example: '567/GP-CTS' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  reference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DeliveryRecordDto {
  @ApiProperty({ enum: ['online', 'post', 'counter'] })
  @IsIn(['online', 'post', 'counter'])
  method: 'online' | 'post' | 'counter';

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @MinLength(2)
  @MaxLength(255)
  receivedBy: string;

  @ApiPropertyOptional({ example: 'EMS: EB123456789VN' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reference?: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 very dissatisfied … 5 very satisfied' })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

/** One officer or citizen action; which fields are required depends on the action (see GET …/actions). */
export class DossierActionDto {
  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS as unknown as string[], { message: `action must be one of ${ACTIONS.join(', ')}` })
  action: string;

  @ApiPropertyOptional({ description: 'The version you saw; a different current version answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Refusal, withdrawal, stop or apology reason' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ type: [MissingItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MissingItemDto)
  missingItems?: MissingItemDto[];

  @ApiPropertyOptional({ type: [DocumentRefDto], description: 'Supplemented documents' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentRefDto)
  documents?: DocumentRefDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The specialist to assign' })
  @IsOptional()
  @IsUUID('all', { message: 'assignee must be a user id' })
  assignee?: string;

  @ApiPropertyOptional({ type: ResultDocumentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResultDocumentDto)
  resultDocument?: ResultDocumentDto;

  @ApiPropertyOptional({ description: 'Apology (form 04): the new date promised' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'newDueDate must be an ISO 8601 date-time' })
  newDueDate?: string;

  @ApiPropertyOptional({ example: 'Cục Tần số Vô tuyến điện' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  externalAgency?: string;

  @ApiPropertyOptional({ type: ExternalResultDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalResultDto)
  externalResult?: ExternalResultDto;

  @ApiPropertyOptional({ description: 'Fee in VND' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  paymentAmount?: number;

  @ApiPropertyOptional({ description: 'Receipt or transaction reference' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  paymentReceipt?: string;

  @ApiPropertyOptional({ type: DeliveryRecordDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryRecordDto)
  deliveryRecord?: DeliveryRecordDto;

  @ApiPropertyOptional({ type: RatingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RatingDto)
  rating?: RatingDto;
}
