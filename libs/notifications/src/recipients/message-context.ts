import type { DossierRouting } from './recipient-resolver';

/** The applicant's account behind a dossier: a stand-in for missing addresses, and their preferred channels. */
export interface ApplicantAccount {
  id: string;
  email: string | null;
  phone: string | null;
  notificationChannels: string[] | null;
}

/** What the messages of a dossier event need beyond the event itself. */
export interface MessageContext {
  dossier: DossierRouting & { id: string };
  agencyName: string;
  /** The action's payload (reason, missing items, amount…), from the history row written with the event. */
  actionData: Record<string, unknown>;
  applicantAccount: ApplicantAccount | null;
}

/**
 * A LEFT JOIN LATERAL that gives an outbox row aliased `o` a json column `message_context` (a
 * MessageContext): the dossier's routing columns, its agency's name, the history row written in the
 * same transaction as the event (same dossier, same instant) and the applicant's account, so they
 * are read with the event in one statement. The look-ups only run for dossier events whose type is
 * in the text[] parameter `eventTypesParam`: the types some rule sends messages for.
 */
export function messageContextJoin(eventTypesParam: string): string {
  return `LEFT JOIN LATERAL (
    SELECT json_build_object(
      'dossier', json_build_object(
        'id', d.id, 'agencyId', d.agency_id, 'divisionId', d.division_id, 'assigneeId', d.assignee_id,
        'applicantUserId', d.applicant_user_id, 'workflowVersionId', d.workflow_version_id),
      'agencyName', coalesce(a.name, ''),
      'actionData', coalesce(h.data, '{}'::jsonb),
      'applicantAccount', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object(
        'id', u.id, 'email', u.email, 'phone', u.phone, 'notificationChannels', u.notification_channels) END
    ) AS message_context
    FROM dossiers d
    LEFT JOIN agencies a ON a.id = d.agency_id
    LEFT JOIN users u ON u.id = d.applicant_user_id
    LEFT JOIN LATERAL (
      SELECT hr.data FROM dossier_history hr
      WHERE hr.dossier_id = d.id AND hr.occurred_at = (o.payload->>'timestamp')::timestamptz
      ORDER BY hr.id DESC LIMIT 1) h ON true
    WHERE d.id = o.aggregate_id
  ) mc ON o.aggregate_type = 'dossier' AND o.event_type = ANY(${eventTypesParam}::text[])`;
}
