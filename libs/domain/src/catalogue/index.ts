// Public index of the procedure catalogue (pure domain: no framework, no I/O).
export type {
  AgencyDefinition,
  DivisionDefinition,
  FieldError,
  FormValidator,
  JsonSchema,
  ProcedureDefinition,
  ProcedureDocument,
  ProcedureFee,
  ProcedureField,
  ProcedureKind,
  ProcessingTime,
  ProcessingTimeUnit,
  ResultDelivery,
} from './types';
export { CatalogueError, type CatalogueIssue } from './catalogue-error';
export {
  parseAgenciesFile,
  parseCatalogue,
  parseProcedureFile,
  type Catalogue,
  type CatalogueFile,
  type ParseProcedureOptions,
} from './parse';
export { compileFormSchema } from './form-validator';
export { FORM_SCHEMA_DIALECT, VN_BOUNDS } from './ajv';
