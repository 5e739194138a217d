import { Module } from '@nestjs/common';
import { AccountsService } from './accounts/accounts.service';

@Module({ providers: [AccountsService], exports: [AccountsService] })
export class IdentityModule {}
