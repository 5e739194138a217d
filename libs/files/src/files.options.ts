import { DETECTABLE_MIME_TYPES } from './mime-type';

/** Injection token of the upload rules; override it to change them (a test module, another deployment). */
export const FILES_OPTIONS = Symbol('FILES_OPTIONS');

/** 50 MiB: the largest `maxBytes` of any document in the catalogue (config/procedures). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The types some procedure accepts (the union of the catalogue's `documents[].accept`). Each must
 * also be detectable from its bytes (mime-type.ts); a spec checks both against config/procedures.
 * The document-by-document check (this document takes only PDF, at most 10 MiB) happens at submission.
 */
export const ACCEPTED_MIME_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

export interface FilesOptions {
  /** Largest accepted upload, in bytes. */
  maxBytes: number;
  /** MIME types (as detected from the content) an upload may have. */
  acceptedMimeTypes: readonly string[];
}

export const DEFAULT_FILES_OPTIONS: FilesOptions = { maxBytes: MAX_UPLOAD_BYTES, acceptedMimeTypes: ACCEPTED_MIME_TYPES };

export function undetectableTypes(options: FilesOptions): string[] {
  return options.acceptedMimeTypes.filter((type) => !DETECTABLE_MIME_TYPES.includes(type));
}
