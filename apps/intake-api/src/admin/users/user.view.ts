import type { UserEntity } from '@motcua/identity';

/** Agency and division codes by id, to name an account's units. */
export interface UnitCodes {
  agencies: Map<string, string>;
  divisions: Map<string, string>;
}

/**
 * An account as administrators see it. Built field by field, so a column added to the entity
 * (or the password hash) never leaks into an answer by accident.
 */
export function userView(user: UserEntity, units: UnitCodes, now = new Date()) {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    email: user.email,
    phone: user.phone,
    roles: user.roles,
    agency: user.agencyId ? (units.agencies.get(user.agencyId) ?? null) : null,
    division: user.divisionId ? (units.divisions.get(user.divisionId) ?? null) : null,
    active: user.active,
    failedLogins: user.failedLogins,
    locked: user.lockedUntil !== null && user.lockedUntil > now,
    lockedUntil: user.lockedUntil ? user.lockedUntil.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export type UserView = ReturnType<typeof userView>;
