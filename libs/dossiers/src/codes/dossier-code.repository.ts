import { EntityManager } from 'typeorm';
import { civilDateIn } from '@motcua/domain/calendar';
import { formatDossierCode } from '@motcua/domain/dossier-code';
import { NamedStatement } from '@motcua/messaging';

/** Every submission runs it: prepared once per connection. */
const NEXT_COUNTER = new NamedStatement<{ last_value: number }>(
  'dossier_code_next',
  `INSERT INTO dossier_code_counters (agency_identifier, day, last_value) VALUES ($1, $2, 1)
   ON CONFLICT (agency_identifier, day) DO UPDATE SET last_value = dossier_code_counters.last_value + 1
   RETURNING last_value`,
);

/**
 * Allocates the next dossier code of an agency for the reception day (in the agency's time zone).
 * One upsert: the row lock it takes makes concurrent allocations consecutive. Callers run it in its
 * own short transaction so a slow submission does not hold the day's counter; a submission that
 * then fails leaves a gap, which the code scheme tolerates.
 */
export async function allocateDossierCode(
  manager: EntityManager,
  agencyIdentifier: string,
  receivedAt: Date,
  timeZone: string,
): Promise<string> {
  const day = civilDateIn(receivedAt, timeZone);
  const rows = await NEXT_COUNTER.run(manager, [agencyIdentifier, day]);
  return formatDossierCode({ agencyIdentifier, day, counter: rows[0].last_value });
}
