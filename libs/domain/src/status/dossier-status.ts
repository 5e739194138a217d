/**
 * The national portal's dossier status codes (TrangThaiHoSo 1–10). Coarse and portal-facing;
 * the workflow step is the finer position. Vietnamese names live in config/statuses.json.
 */
export enum DossierStatus {
  SUBMITTED = 1,
  RECEIVED = 2,
  NOT_ACCEPTED = 3,
  PROCESSING = 4,
  SUPPLEMENT_REQUESTED = 5,
  PAYMENT_REQUESTED = 6,
  WITHDRAWN = 7,
  STOPPED = 8,
  PROCESSED = 9,
  RETURNED = 10,
}

export const ALL_STATUS_CODES: readonly DossierStatus[] = Object.values(DossierStatus).filter(
  (value): value is DossierStatus => typeof value === 'number',
);

/** Statuses after which the department does no more processing (the on-time index stops its clock). */
const ENDS_PROCESSING: ReadonlySet<DossierStatus> = new Set([
  DossierStatus.NOT_ACCEPTED,
  DossierStatus.WITHDRAWN,
  DossierStatus.STOPPED,
  DossierStatus.PROCESSED,
  DossierStatus.RETURNED,
]);

export function endsProcessing(status: DossierStatus): boolean {
  return ENDS_PROCESSING.has(status);
}

export function isDossierStatus(code: unknown): code is DossierStatus {
  return typeof code === 'number' && ALL_STATUS_CODES.includes(code);
}

export interface StatusLabel {
  code: DossierStatus;
  key: keyof typeof DossierStatus;
  name: string;
  endsProcessing: boolean;
}

/** Builds the status table from the Vietnamese names kept as data; refuses a table with gaps. */
export function buildStatusLabels(names: Record<string, string>, source = 'statuses'): StatusLabel[] {
  return ALL_STATUS_CODES.map((code) => {
    const name = names[String(code)];
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Error(`${source}: status ${code} (${DossierStatus[code]}) has no Vietnamese name`);
    }
    return { code, key: DossierStatus[code] as keyof typeof DossierStatus, name, endsProcessing: endsProcessing(code) };
  });
}
