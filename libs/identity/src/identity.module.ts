import { Module } from '@nestjs/common';
import { AccountAccess } from './accounts/account-access';
import { AccountsService } from './accounts/accounts.service';

@Module({ providers: [AccountsService, AccountAccess], exports: [AccountsService, AccountAccess] })
export class IdentityModule {}
