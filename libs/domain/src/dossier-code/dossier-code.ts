/**
 * Dossier code `{agency identifier}-{yyMMdd}-{NNNN}` (e.g. 000.00.14.H23-251103-0042).
 * The counter comes from PostgreSQL (one row per agency per day); this module only formats and parses.
 * The counter is padded to four digits and simply grows past 9999.
 */
const AGENCY_IDENTIFIER = /^[0-9A-Z]{3}(\.[0-9A-Z]{2,3}){3}$/;
const CODE_PATTERN = /^([0-9A-Z]{3}(?:\.[0-9A-Z]{2,3}){3})-(\d{6})-(\d{4,})$/;

export interface DossierCodeParts {
  agencyIdentifier: string;
  /** reception day in the agency's local calendar, YYYY-MM-DD */
  day: string;
  counter: number;
}

export function isAgencyIdentifier(value: string): boolean {
  return AGENCY_IDENTIFIER.test(value);
}

/** `day` is the local calendar day YYYY-MM-DD (already converted to the agency's time zone). */
export function formatDossierCode(parts: DossierCodeParts): string {
  if (!isAgencyIdentifier(parts.agencyIdentifier)) {
    throw new RangeError(`invalid agency identifier "${parts.agencyIdentifier}"`);
  }
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(parts.day);
  if (!match) throw new RangeError(`invalid day "${parts.day}", expected YYYY-MM-DD`);
  if (!Number.isSafeInteger(parts.counter) || parts.counter < 1) {
    throw new RangeError(`invalid counter ${parts.counter}`);
  }
  const [, yy, mm, dd] = match;
  return `${parts.agencyIdentifier}-${yy}${mm}${dd}-${String(parts.counter).padStart(4, '0')}`;
}

/** Parses a code; returns undefined for anything that is not one (lookups answer 404, not 500). */
export function parseDossierCode(code: string): DossierCodeParts | undefined {
  const match = CODE_PATTERN.exec(code);
  if (!match) return undefined;
  const [, agencyIdentifier, yyMMdd, counter] = match;
  const day = `20${yyMMdd.slice(0, 2)}-${yyMMdd.slice(2, 4)}-${yyMMdd.slice(4, 6)}`;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return undefined;
  return { agencyIdentifier, day, counter: Number(counter) };
}
