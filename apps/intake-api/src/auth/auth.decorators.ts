import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { PUBLIC_ROUTE } from '@motcua/observability';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = PUBLIC_ROUTE;
export const REQUIRED_ROLES = 'motcua:roles';

/** The route needs no token (catalogue, lookup, health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs one of these roles. */
export const Roles = (...roles: string[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest().user;
});
