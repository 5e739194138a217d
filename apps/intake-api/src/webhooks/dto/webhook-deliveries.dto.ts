import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { WEBHOOK_DELIVERY_STATUSES, WebhookDeliveryStatus } from '@motcua/webhooks';
import { PaginationQuery } from '../../common/pagination.query';

export class ListWebhookDeliveriesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class RecoverWebhookDeliveriesDto {
  @ApiProperty({ example: '2026-01-05T08:00:00+07:00', description: 'Re-send what failed since then, and what the endpoint missed while disabled' })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since: string;
}
