import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CITIZEN_ID, EmailAddress, PersonName, VietnameseMobile } from '../../common/vietnamese-formats';

export class RegisterDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  @PersonName()
  fullName: string;

  @ApiProperty({ example: '001099012345', description: '12-digit citizen ID number (CCCD)' })
  @IsString()
  @Matches(CITIZEN_ID, { message: 'idNumber must be a 12-digit citizen ID number (CCCD)' })
  idNumber: string;

  @ApiProperty({ example: '0912345678', description: 'Vietnamese mobile number' })
  @VietnameseMobile()
  phone: string;

  @ApiProperty({ example: 'an.nguyen@example.vn' })
  @EmailAddress()
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(/^(?=.*\p{L})(?=.*\d).+$/u, { message: 'password must contain at least one letter and one digit' })
  password: string;
}
