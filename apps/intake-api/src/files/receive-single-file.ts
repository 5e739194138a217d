import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { fileTooLargeProblem } from '@motcua/files';
import { FieldProblem, ProblemException, validationProblem } from '@motcua/observability';

export interface SingleFileUpload<T> {
  /** The form field the file must come in. */
  field: string;
  /** Largest accepted file: a request announcing a larger body is refused before reading it. */
  maxBytes: number;
  /** Stores the file as it streams in; its failure (413, 415…) answers the request. */
  store(content: Readable, filename: string | undefined): Promise<T>;
  /** Undoes store() when a later part makes the request invalid. */
  discard(stored: T): Promise<void>;
}

/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const notMultipart = () =>
  new ProblemException(415, 'unsupported_media_type', 'Unsupported media type', 'Send the file as multipart/form-data.');

const malformed = (reason: string) =>
  new ProblemException(400, 'malformed_multipart', 'Malformed multipart body', `The multipart/form-data body could not be read: ${reason}.`);

/**
 * Reads a raw multipart/form-data request (left unparsed by the server) holding exactly one file in `upload.field` and nothing else,
 * streaming the file to `upload.store` (never buffered whole). Any other part is refused (422)
 * as soon as it appears; a missing file is 422 naming the field; a broken body is 400.
 */
export function receiveSingleFile<T>(request: IncomingMessage, response: ServerResponse, upload: SingleFileUpload<T>): Promise<T> {
  if (!/^multipart\/form-data\s*(;|$)/i.test(request.headers['content-type'] ?? '')) return Promise.reject(notMultipart());
  if (Number(request.headers['content-length'] ?? 0) > upload.maxBytes + MULTIPART_OVERHEAD) {
    // Do not read (and discard) a body we already know is too large: close the connection after answering.
    response.setHeader('Connection', 'close');
    return Promise.reject(fileTooLargeProblem(upload.maxBytes));
  }
  let parser: busboy.Busboy;
  try {
    // defParamCharset utf8: browsers send a Vietnamese filename= as raw UTF-8, not Latin-1.
    parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { fieldSize: 1024, headerPairs: 20 } });
  } catch (error) {
    return Promise.reject(malformed((error as Error).message));
  }
  return new Promise<T>((resolve, reject) => {
    let stored: Promise<T> | undefined;
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stopReading(request, parser, upload.maxBytes + MULTIPART_OVERHEAD);
      stored?.then(upload.discard).catch(() => undefined);
      reject(error);
    };
    const refusePart = (problem: FieldProblem) => fail(validationProblem([problem], `Send only one file, in the field "${upload.field}".`));

    parser.on('file', (name, content, info) => {
      if (name !== upload.field || stored) {
        content.on('error', () => undefined).resume(); // discarded; stopReading() destroys it
        return refusePart({ field: name, message: stored ? 'Only one file may be sent.' : `Unexpected file; send it in the field "${upload.field}".` });
      }
      stored = upload.store(content, info.filename);
      stored.catch(fail);
    });
    // A part without a filename arrives as a text field, even in the file's field.
    parser.on('field', (name) =>
      refusePart({ field: name, message: name === upload.field ? 'Send a file (a part with a filename), not a text value.' : 'Unexpected field.' }),
    );
    parser.on('error', (error: Error) => fail(malformed(error.message)));
    parser.on('close', () => {
      if (!stored) return fail(validationProblem([{ field: upload.field, message: 'A file is required.' }]));
      stored.then((result) => {
        if (settled) return;
        settled = true;
        resolve(result);
      }, fail);
    });
    // The client went away mid-upload: stop, so the partial file is deleted.
    request.on('close', () => {
      if (!request.complete) parser.destroy(new Error('the request was interrupted'));
    });
    request.pipe(parser);
  });
}

/**
 * Stops parsing and discards the rest of the body so the client, still sending, can read the
 * answer; past `limit` bytes it is cut off instead.
 */
function stopReading(request: IncomingMessage, parser: busboy.Busboy, limit: number): void {
  request.unpipe(parser);
  parser.destroy();
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) request.destroy();
  });
  request.resume();
}
