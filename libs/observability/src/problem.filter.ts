import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FieldProblem, PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, problemType } from './problem';

/** Stable codes for the HTTP errors raised by the framework itself. */
const FRAMEWORK_CODES: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad request' },
  401: { code: 'unauthorized', title: 'Authentication required' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not found' },
  405: { code: 'method_not_allowed', title: 'Method not allowed' },
  409: { code: 'conflict', title: 'Conflict' },
  413: { code: 'payload_too_large', title: 'Payload too large' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  422: { code: 'validation_failed', title: 'Invalid request' },
  429: { code: 'too_many_requests', title: 'Too many requests' },
  503: { code: 'service_unavailable', title: 'Service unavailable' },
};

function fromHttpException(exception: HttpException, request: FastifyRequest): ProblemDetails {
  const status = exception.getStatus();
  const known = FRAMEWORK_CODES[status] ?? { code: `http_${status}`, title: exception.message };
  const response = exception.getResponse();
  let detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (status === HttpStatus.NOT_FOUND && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(String(detail))) {
    return {
      type: problemType('route_not_found'),
      title: 'Not found',
      status,
      code: 'route_not_found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    };
  }
  const errors: FieldProblem[] | undefined = (response as { errors?: FieldProblem[] }).errors;
  if (Array.isArray(detail)) detail = detail.join('; ');
  return {
    type: problemType(known.code),
    title: known.title,
    status,
    code: (response as { code?: string }).code ?? known.code,
    ...(detail ? { detail: String(detail) } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** What the HTTP server says before any route runs, about the body it was sent. */
const SERVER_BODY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send JSON (Content-Type: application/json), or multipart/form-data for uploads.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'A JSON body may be at most 1 MiB.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
};

/** Error codes meaning "the database or cache is unreachable right now": retry later, not a bug. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
// "is not queryable": pg refuses a query on a pooled client whose connection just broke (a restart), before sending it.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|is not queryable|the database system is (starting up|shutting down)|Query runner already released/i;

/** Whether an error means a backing service is unreachable right now (answered 503, retry later). */
export function isUnavailable(error: unknown): boolean {
  const { code, message, driverError } = (error ?? {}) as { code?: string; message?: string; driverError?: unknown };
  if (driverError && driverError !== error && isUnavailable(driverError)) return true;
  return (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) || UNAVAILABLE_MESSAGES.test(message ?? '');
}

/** Renders every error as application/problem+json; unexpected ones become a 500 that leaks nothing. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    if (problem.status === 503) this.logger.warn({ err: exception, path: request.url }, 'backing service unavailable');
    else if (problem.status >= 500) this.logger.error({ err: exception, path: request.url }, 'request failed');
    if (reply.sent || reply.raw.headersSent) return;
    if (typeof problem.retryAfter === 'number') reply.header('Retry-After', String(problem.retryAfter));
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    if (exception instanceof ProblemException) return exception.toProblem();
    if (exception instanceof HttpException) return fromHttpException(exception, request);
    const { status: ownStatus, statusCode, code } = (exception ?? {}) as { status?: number; statusCode?: number; code?: string };
    const status = ownStatus ?? statusCode;
    if (isUnavailable(exception)) {
      return {
        type: problemType('service_unavailable'),
        title: 'Service unavailable',
        status: 503,
        code: 'service_unavailable',
        detail: 'A backing service is unreachable; nothing was changed. Try again shortly.',
        retryAfter: 5,
      };
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = FRAMEWORK_CODES[status] ?? { code: `http_${status}`, title: 'Bad request' };
      const detail = code ? SERVER_BODY_DETAILS[code] : undefined;
      return { type: problemType(known.code), title: known.title, status, code: known.code, ...(detail ? { detail } : {}) };
    }
    return {
      type: problemType('internal_error'),
      title: 'Internal error',
      status: 500,
      code: 'internal_error',
      detail: 'An unexpected error occurred; it has been logged.',
    };
  }
}
