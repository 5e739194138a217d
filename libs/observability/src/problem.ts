import { HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details with the service's stable error `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:motcua:problem:${code}`;
}

/**
 * Thrown by services for an expected failure; the filter renders it as problem+json.
 * `code` is stable and documented; `detail` is for humans.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemException';
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: problemType(this.code),
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export function validationProblem(errors: FieldProblem[], detail = 'The request has invalid fields.'): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'validation_failed', 'Invalid request', detail, errors);
}

export function notFoundProblem(what: string, detail?: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, `${what}_not_found`, 'Not found', detail);
}
