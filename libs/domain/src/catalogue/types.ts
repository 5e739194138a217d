// Catalogue records: what a procedure asks for and who owns it. Loaded from config/ (data, not code);
// each dossier keeps the version (code + effectiveFrom) that applied when it was received.

/** toàn trình (full-process, ≈ old level 4) or một phần (partial, ≈ old level 3): Decree 42/2022. */
export type ProcedureKind = 'full' | 'partial';

/** Legal texts mix units ("10 ngày làm việc", "20 ngày", "24 giờ"), so the unit is stored. */
export type ProcessingTimeUnit = 'working_days' | 'calendar_days' | 'working_hours';

export type ResultDelivery = 'online' | 'post' | 'counter';

export interface ProcessingTime {
  readonly value: number;
  readonly unit: ProcessingTimeUnit;
  readonly note?: string;
}

export interface ProcedureFee {
  /** null when no fee is set or known yet (configurable). */
  readonly amount: number | null;
  readonly currency: 'VND';
  readonly note?: string;
}

/** Lĩnh vực: the national field of the procedure (MaLinhVuc on the portal). */
export interface ProcedureField {
  readonly code: string;
  readonly name: string;
}

/** Thành phần hồ sơ: one document the applicant uploads. */
export interface ProcedureDocument {
  readonly code: string;
  readonly name: string;
  readonly required: boolean;
  /** MIME types, checked against the file content. */
  readonly accept: readonly string[];
  readonly maxBytes: number;
  readonly note?: string;
}

/** A JSON Schema (draft-07) object; validated by compileFormSchema. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface ProcedureDefinition {
  readonly code: string;
  /** Mã TTHC on the national database, e.g. "1.009374"; null for provincial-only procedures. */
  readonly nationalCode: string | null;
  readonly name: string;
  readonly nameEn?: string;
  readonly field: ProcedureField;
  /** Agency code (AgencyDefinition.code); data since the 2025 reorganisation moved procedures. */
  readonly agency: string;
  /** Division (phòng chuyên môn) that appraises. */
  readonly division: string;
  readonly kind: ProcedureKind;
  readonly processingTime: ProcessingTime;
  readonly fee: ProcedureFee;
  /** Workflow definition code, e.g. bts-approval, bulletin-permit, frequency-referral, generic. */
  readonly workflow: string;
  readonly resultDelivery: readonly ResultDelivery[];
  /** Name of the result document. */
  readonly result: string;
  readonly legalBasis: readonly string[];
  /** ISO date (YYYY-MM-DD) from which this version applies. */
  readonly effectiveFrom: string;
  readonly active: boolean;
  readonly documents: readonly ProcedureDocument[];
  /** JSON Schema (draft-07) of the dossier's `fields`. */
  readonly formSchema: JsonSchema;
}

export interface DivisionDefinition {
  readonly code: string;
  readonly name: string;
}

export interface AgencyDefinition {
  readonly code: string;
  /** Mã định danh, the prefix of dossier codes, e.g. "000.00.14.H23". */
  readonly identifier: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly divisions: readonly DivisionDefinition[];
}

/** One problem with submitted form fields, e.g. { field: 'fields.coordinates.lat', message: 'Vĩ độ (toạ độ trạm): …' }. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type FormValidator = (fields: unknown) => FieldError[];
