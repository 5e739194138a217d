import { EntityManager } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import { CHANNELS, Channel, RecipientKind } from '../entities';
import { normalisePhone } from '../delivery/sms-gateway/vietnamese-text';
import type { ApplicantAccount } from './message-context';
import type { NotificationRules } from './notification-rules';
import type { DossierEventData } from './personalisation';

/** Someone to message, with their addresses and the channels they prefer. */
export interface Recipient {
  kind: RecipientKind;
  userId: string | null;
  name: string;
  email: string | null;
  /** 0xxxxxxxxx, or null when absent or not a mobile number. */
  phone: string | null;
  channels: Channel[];
}

/** The dossier columns recipients are found by. */
export interface DossierRouting {
  agencyId: string;
  divisionId: string | null;
  assigneeId: string | null;
  applicantUserId: string | null;
  workflowVersionId: string;
}

export const OFFICER_ROLES = new Set(['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'ADMIN']);
const knownChannels = (channels: string[] | null | undefined) => (channels ?? []).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
const email = (value: string | null | undefined) => (value && value.includes('@') ? value.trim().toLowerCase() : null);

/**
 * The applicant at the addresses given on the dossier (the account's as a stand-in), on the
 * channels their account prefers (users.notification_channels), or the rules' default channels
 * for a dossier registered at the desk without an account.
 */
export function applicantRecipient(account: ApplicantAccount | null, data: DossierEventData, rules: NotificationRules): Recipient {
  return {
    kind: 'applicant',
    userId: account?.id ?? null,
    name: data.applicant.fullName,
    email: email(data.applicant.email) ?? email(account?.email),
    phone: normalisePhone(data.applicant.phone) ?? normalisePhone(account?.phone),
    channels: account ? knownChannels(account.notificationChannels) : rules.applicant.defaultChannels,
  };
}

interface OfficerRow {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  notification_channels: string[] | null;
  roles: string[];
  division_id: string | null;
}

/** Active users of an agency holding any of the roles, and the one with the given id if active. */
const OFFICERS = new NamedStatement<OfficerRow>(
  'notifications.officers',
  `SELECT id, full_name, email, phone, notification_channels, roles, division_id FROM users
   WHERE active AND ((agency_id = $1 AND roles && $2::text[]) OR id = $3::uuid)`,
);

/**
 * Active officers holding the roles, in the dossier's agency, and in its division for roles the
 * rules scope to a division. The assignee role's work goes to the assignee alone once one is set.
 * One query for all the roles; the scope of each role is applied to what it returns.
 */
export async function officerRecipients(manager: EntityManager, dossier: DossierRouting, roles: string[], rules: NotificationRules): Promise<Recipient[]> {
  const wanted = [...new Set(roles.filter((role) => OFFICER_ROLES.has(role)))];
  const assignee = dossier.assigneeId && wanted.includes(rules.officers.assigneeRole) ? dossier.assigneeId : null;
  const byRole = wanted.filter((role) => !(assignee && role === rules.officers.assigneeRole));
  if (!byRole.length && !assignee) return [];

  const users = await OFFICERS.run(manager, [dossier.agencyId, byRole, assignee]);
  const inScope = (user: OfficerRow, role: string) =>
    user.roles.includes(role) && (rules.officers.roleScope[role] !== 'division' || !dossier.divisionId || user.division_id === dossier.divisionId);
  return users
    .filter((user) => user.id === assignee || byRole.some((role) => inScope(user, role)))
    .map((user) => ({
      kind: 'officer' as const,
      userId: user.id,
      name: user.full_name,
      email: email(user.email),
      phone: normalisePhone(user.phone),
      channels: knownChannels(user.notification_channels),
    }));
}
