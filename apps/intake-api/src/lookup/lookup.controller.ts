import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RateLimit } from '@motcua/observability';
import { Public } from '../auth/auth.decorators';
import { LookupQuery } from './dto/lookup.query';
import { DossierLookupView } from './lookup.view';
import { LookupService } from './lookup.service';

/**
 * The lookup's budget per client: enough for a person checking a few dossiers, too little to try
 * ID numbers against a code (a 12-digit space) or codes against an ID number.
 */
export const LOOKUP_RATE_LIMIT = { name: 'lookup', limit: 30, windowMs: 60_000 } as const;

@ApiTags('lookup')
@Controller('lookup')
export class LookupController {
  constructor(private readonly lookup: LookupService) {}

  @Get()
  @Public()
  @RateLimit(LOOKUP_RATE_LIMIT)
  @ApiOperation({ summary: "A dossier's progress by its code and the applicant's ID number (no personal data)" })
  @ApiOkResponse({ type: DossierLookupView })
  @ApiNotFoundResponse({ description: 'dossier_not_found: no such code, or the ID number does not match (one answer for both)' })
  @ApiUnprocessableEntityResponse({ description: 'validation_failed: code or idNumber missing or malformed' })
  find(@Query() query: LookupQuery): Promise<DossierLookupView> {
    return this.lookup.find(query.code, query.idNumber);
  }
}
