import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CITIZEN_ID, FULL_NAME, normalisePhone, trimmed, VN_MOBILE } from '../../common/vietnamese-formats';

export class RegisterDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  @Matches(FULL_NAME, { message: 'fullName may contain only letters, spaces, apostrophes and hyphens' })
  fullName: string;

  @ApiProperty({ example: '001099012345', description: '12-digit citizen ID number (CCCD)' })
  @IsString()
  @Matches(CITIZEN_ID, { message: 'idNumber must be a 12-digit citizen ID number (CCCD)' })
  idNumber: string;

  @ApiProperty({ example: '0912345678', description: 'Vietnamese mobile number' })
  @Transform(normalisePhone)
  @IsString()
  @Matches(VN_MOBILE, { message: 'phone must be a Vietnamese mobile number, e.g. 0912345678 or +84912345678' })
  phone: string;

  @ApiProperty({ example: 'an.nguyen@example.vn' })
  @Transform(trimmed)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(/^(?=.*\p{L})(?=.*\d).+$/u, { message: 'password must contain at least one letter and one digit' })
  password: string;
}
