import { Transform, TransformCallback } from 'node:stream';
import { detectMimeType, SNIFF_BYTES } from './mime-type';

export class UnsupportedFileTypeError extends Error {
  constructor(readonly detected: string | undefined) {
    super(detected ? `Files of type ${detected} are not accepted` : 'The file type is not recognised');
    this.name = 'UnsupportedFileTypeError';
  }
}

/**
 * Passes the content through and decides its type from the first bytes. A refused type fails
 * the stream right away, so an executable is not written to disk in full before being refused.
 */
export class TypeSniffer extends Transform {
  mimeType: string | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  private decided = false;

  constructor(private readonly accepted: readonly string[]) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.decided) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength >= SNIFF_BYTES) return callback(this.decide(), chunk);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    // A file shorter than SNIFF_BYTES (or empty) is decided at its end.
    callback(this.decided ? null : this.decide());
  }

  private decide(): Error | null {
    this.decided = true;
    this.mimeType = detectMimeType(Buffer.concat(this.head));
    this.head = [];
    return this.mimeType && this.accepted.includes(this.mimeType) ? null : new UnsupportedFileTypeError(this.mimeType);
  }
}
