import { createSecretKey } from 'node:crypto';
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
      useFactory: (config: AppConfig) => ({
        // A key object, made once: given a string, the JWT library tries to parse it as a public key on every call.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
        signOptions: { issuer: 'motcua' },
        verifyOptions: { issuer: 'motcua' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule],
})
export class AuthModule {}
