import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from '@motcua/observability';

/** A JSON body may be at most this large (uploads are multipart and have their own limit). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

const JSON_TYPES = ['application/json', /^application\/[\w.+-]+\+json$/] as const;

const malformedJson = () => new ProblemException(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
const unsupported = (detail: string) => new ProblemException(415, 'unsupported_media_type', 'Unsupported media type', detail);

/** Bodies are read as sent: compressed or non-UTF-8 bodies would otherwise be parsed as garbage. */
function encodingProblem(request: FastifyRequest): ProblemException | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return unsupported(`Content-Encoding ${encoding} is not accepted; send the body uncompressed.`);
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(request.headers['content-type'] ?? '')?.[2];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) return unsupported('Send the body as UTF-8 JSON.');
  return undefined;
}

/** Parses JSON bodies; an empty body means "no body" (clients often send the header with nothing after it). */
function parseJson(request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void): void {
  const refused = encodingProblem(request);
  if (refused) return done(refused);
  if (body.length === 0) return done(null, undefined);
  try {
    // Plain JSON.parse: a "__proto__" member stays an ordinary key that the input-safety pipe refuses by name.
    done(null, JSON.parse(body));
  } catch {
    done(malformedJson());
  }
}

/**
 * JSON bodies, plus multipart left unread for the upload route to stream; any other media type is
 * refused by the server with 415 and an oversized body with 413 (see the problem filter).
 */
export function configureBodyParsing(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  for (const type of JSON_TYPES) fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT_BYTES }, parseJson);
  fastify.addContentTypeParser('multipart/form-data', (request, _payload, done) => done(encodingProblem(request) ?? null));
}
