import { EntityManager } from 'typeorm';
import { WorkflowVersionEntity } from '@motcua/catalogue';
import { UserEntity } from '@motcua/identity';
import { CHANNELS, Channel, RecipientKind } from '../entities';
import { normalisePhone } from '../delivery/sms-gateway/vietnamese-text';
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

const OFFICER_ROLES = new Set(['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'ADMIN']);
const knownChannels = (channels: string[] | null | undefined) => (channels ?? []).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
const email = (value: string | null | undefined) => (value && value.includes('@') ? value.trim().toLowerCase() : null);

/**
 * The applicant at the addresses given on the dossier (the account's as a stand-in), on the
 * channels their account prefers (users.notification_channels), or the rules' default channels
 * for a dossier registered at the desk without an account.
 */
export async function applicantRecipient(manager: EntityManager, dossier: DossierRouting, data: DossierEventData, rules: NotificationRules): Promise<Recipient> {
  const account = dossier.applicantUserId ? await manager.findOneBy(UserEntity, { id: dossier.applicantUserId }) : null;
  return {
    kind: 'applicant',
    userId: account?.id ?? null,
    name: data.applicant.fullName,
    email: email(data.applicant.email) ?? email(account?.email),
    phone: normalisePhone(data.applicant.phone) ?? normalisePhone(account?.phone),
    channels: account ? knownChannels(account.notificationChannels) : rules.applicant.defaultChannels,
  };
}

/** The officer roles of the step the dossier is in now, from the workflow version it is pinned to. */
export async function stepRoles(manager: EntityManager, dossier: DossierRouting, stepCode: string | undefined): Promise<string[]> {
  if (!stepCode) return [];
  const workflow = await manager.findOneBy(WorkflowVersionEntity, { id: dossier.workflowVersionId });
  const step = workflow?.definition.steps.find((s) => s.code === stepCode);
  return (step?.roles ?? []).filter((role) => OFFICER_ROLES.has(role));
}

/**
 * Active officers holding the roles, in the dossier's agency, and in its division for roles the
 * rules scope to a division. The assignee role's work goes to the assignee alone once one is set.
 */
export async function officerRecipients(manager: EntityManager, dossier: DossierRouting, roles: string[], rules: NotificationRules): Promise<Recipient[]> {
  const found = new Map<string, UserEntity>();
  for (const role of new Set(roles.filter((r) => OFFICER_ROLES.has(r)))) {
    if (role === rules.officers.assigneeRole && dossier.assigneeId) {
      const assignee = await manager.findOneBy(UserEntity, { id: dossier.assigneeId, active: true });
      if (assignee) found.set(assignee.id, assignee);
      continue;
    }
    const byDivision = rules.officers.roleScope[role] === 'division' && dossier.divisionId;
    const query = manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.active AND :role = ANY(u.roles) AND u.agency_id = :agencyId', { role, agencyId: dossier.agencyId });
    if (byDivision) query.andWhere('u.division_id = :divisionId', { divisionId: dossier.divisionId });
    for (const user of await query.getMany()) found.set(user.id, user);
  }
  return [...found.values()].map((user) => ({
    kind: 'officer' as const,
    userId: user.id,
    name: user.fullName,
    email: email(user.email),
    phone: normalisePhone(user.phone),
    channels: knownChannels(user.notificationChannels),
  }));
}
