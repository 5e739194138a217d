import { ApiProperty } from '@nestjs/swagger';

class CodeAndName {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class StatusView {
  @ApiProperty({ minimum: 1, maximum: 10 }) code: number;
  @ApiProperty() name: string;
}

class StepView extends CodeAndName {
  @ApiProperty({ description: 'What the step means for the applicant' }) publicText: string;
}

/** The public answer: where a dossier stands. Nothing about the applicant, so a leaked code+ID pair reveals little. */
export class DossierLookupView {
  @ApiProperty() code: string;
  @ApiProperty({ type: CodeAndName }) procedure: CodeAndName;
  @ApiProperty({ type: StatusView }) status: StatusView;
  @ApiProperty({ type: StepView }) step: StepView;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) receivedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
}
