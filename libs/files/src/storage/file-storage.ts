import type { Readable } from 'node:stream';

/** Injection token of the blob store; bind another FileStorage (S3, …) to replace the local one. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** What put() stored: the content's address and length. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** Refuse content longer than this (FileTooLargeError); nothing is kept. */
  maxBytes?: number;
}

/**
 * Content-addressed blob storage: a blob is named by the SHA-256 of its bytes, so the same
 * content is stored once however many `files` rows refer to it. Rows, owners and names live
 * in PostgreSQL; the store knows nothing but bytes.
 */
export interface FileStorage {
  /** Streams the content in while hashing it; a failed or refused put leaves nothing behind. */
  put(content: Readable, options?: PutOptions): Promise<StoredBlob>;
  /** The blob's bytes; rejects with BlobNotFoundError when there is none. */
  open(sha256: string): Promise<Readable>;
  /** Deletes the blob; no error when it is already gone. */
  remove(sha256: string): Promise<void>;
  exists(sha256: string): Promise<boolean>;
  /** Deletes leftovers of puts interrupted by a crash, older than the date (optional for stores that leave none). */
  removeIncomplete?(olderThan: Date): Promise<number>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`No stored blob ${sha256}`);
    this.name = 'BlobNotFoundError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Blob names become paths and keys: anything but 64 lowercase hex digits is a programming error. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`Not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
}
