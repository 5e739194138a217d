import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ProcedureActivationDto {
  @ApiProperty({ description: 'false: the procedure leaves the public catalogue and refuses new submissions' })
  @IsBoolean({ message: 'active must be true or false' })
  active: boolean;
}
