import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { IdentityModule } from '@motcua/identity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';

/** Accounts over HTTP and the guard every route passes through. */
@Module({
  imports: [
    IdentityModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { issuer: 'motcua' }, verifyOptions: { issuer: 'motcua' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule],
})
export class AuthModule {}
