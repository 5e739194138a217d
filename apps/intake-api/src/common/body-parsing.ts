import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { ProblemException } from '@motcua/observability';

const JSON_LIMIT = '1mb';
const ACCEPTED_BODIES = ['application/json', 'application/*+json', 'multipart/form-data'];

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/** Body-parser errors carry a `type`; each becomes a problem with its own code. */
function bodyProblem(error: { type?: string }): ProblemException | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ProblemException(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new ProblemException(413, 'payload_too_large', 'Payload too large', `A JSON body may be at most ${JSON_LIMIT}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemException(415, 'unsupported_media_type', 'Unsupported media type', 'Send the body as UTF-8 JSON.');
    default:
      return undefined;
  }
}

/**
 * JSON bodies only (multipart for uploads): anything else is 415, and parser failures become
 * problems with stable codes instead of the framework's generic 400.
 */
export function configureBodyParsing(app: NestExpressApplication): void {
  app.use((request: Request, _response: Response, next: NextFunction) => {
    if (['POST', 'PUT', 'PATCH'].includes(request.method) && hasBody(request) && !request.is(ACCEPTED_BODIES)) {
      return next(
        new ProblemException(415, 'unsupported_media_type', 'Unsupported media type', 'Send JSON (Content-Type: application/json).'),
      );
    }
    next();
  });
  app.use(express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use((error: { type?: string }, _request: Request, _response: Response, next: NextFunction) => next(bodyProblem(error) ?? error));
}
