import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AccountAccess } from '@motcua/identity';
import { ProblemException } from '@motcua/observability';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';

const unauthorized = (code: string, detail: string) => new ProblemException(HttpStatus.UNAUTHORIZED, code, 'Authentication required', detail);

/**
 * Every route needs a valid Bearer token unless marked @Public(); @Roles() then restricts
 * by role. Object-level checks (whose dossier, which agency) are the services' job.
 * A token works while its account is active and its access version is the one the token carries
 * (an administrator's change of roles, division or activity raises it).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly access: AccountAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const header: string | undefined = request.headers.authorization;
    if (isPublic && !header) return true;

    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header ?? '');
    if (!match) {
      if (isPublic) return true;
      throw unauthorized('unauthorized', 'Send an access token: Authorization: Bearer <token>.');
    }
    let user: AuthUser;
    let tokenVersion: number;
    try {
      const claims = await this.jwt.verifyAsync(match[1], { algorithms: ['HS256'] });
      // Tokens issued before access versions existed carry none: they hold the first version.
      tokenVersion = claims.ver ?? 1;
      user = { id: claims.sub, username: claims.username, fullName: claims.name, roles: claims.roles, agencyId: claims.agency ?? null, divisionId: claims.division ?? null, unit: claims.unit ?? null };
    } catch (error) {
      if (isPublic) return true;
      throw error instanceof TokenExpiredError
        ? unauthorized('token_expired', 'The access token has expired; log in again.')
        : unauthorized('invalid_token', 'The access token is not valid.');
    }
    // On a public route the caller may as well be anonymous: an unreadable access state does not fail it.
    const access = await this.access.current(user.id).catch((error: unknown) => {
      if (isPublic) return undefined;
      throw error;
    });
    if (!access?.active || access.accessVersion !== tokenVersion) {
      if (isPublic) return true;
      throw unauthorized('token_revoked', 'The account or its access changed since this token was issued; log in again.');
    }
    request.user = user;

    const roles = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', `This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}
