/** The authenticated caller, as carried in the access token. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  roles: string[];
  agencyId: string | null;
  divisionId: string | null;
  /** Division code (BCVT, TTBCXB, VP…), named on the process control slip. */
  unit: string | null;
}

export const OFFICER_ROLES = ['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'ADMIN'] as const;

export function isOfficer(user: AuthUser): boolean {
  return user.roles.some((role) => (OFFICER_ROLES as readonly string[]).includes(role));
}

export function isCitizen(user: AuthUser): boolean {
  return user.roles.includes('CITIZEN');
}
