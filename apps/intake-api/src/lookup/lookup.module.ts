import { Module } from '@nestjs/common';
import { RateLimitModule } from '@motcua/observability';
import { LookupController } from './lookup.controller';
import { LookupService } from './lookup.service';

/** GET /lookup: the public, rate-limited dossier progress check. */
@Module({ imports: [RateLimitModule], controllers: [LookupController], providers: [LookupService] })
export class LookupModule {}
