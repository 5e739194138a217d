import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pipeline, Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { notFoundProblem, ProblemException } from '@motcua/observability';
import { FileEntity } from './file.entity';
import { sanitizeFileName } from './file-name';
import { FILES_OPTIONS, FilesOptions } from './files.options';
import { FILE_STORAGE, FileStorage, FileTooLargeError, StoredBlob } from './storage/file-storage';
import { TypeSniffer, UnsupportedFileTypeError } from './type-sniffer';

/** What an upload answers (the external contract's `{id, name, mimeType, size, sha256}`). */
export interface UploadedFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export interface RemovedFiles {
  /** `files` rows deleted. */
  files: number;
  /** Blobs deleted because no row referred to them any more. */
  blobs: number;
}

/** 413 `file_too_large`, also for a request whose announced length is already too much. */
export function fileTooLargeProblem(maxBytes: number): ProblemException {
  const mebibytes = Math.floor(maxBytes / (1024 * 1024));
  return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'file_too_large', 'File too large', `A file may be at most ${mebibytes} MiB.`, undefined, { maxBytes });
}

export function toUploadedFile(file: FileEntity): UploadedFile {
  return { id: file.id, name: file.name, mimeType: file.mimeType, size: Number(file.size), sha256: file.sha256 };
}

/** Two-key advisory locks (a key space apart from the single-key ones) on one blob. */
const BLOB_LOCK_CLASS = 7_246_010;
const REMOVE_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Serialises "a row now refers to this blob" with "no row refers to it, delete it": without it a
 * sweep could delete a blob that an identical upload has just put back and is about to record.
 */
async function lockBlob(manager: EntityManager, sha256: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BLOB_LOCK_CLASS, sha256]);
}

function uniqueUuids(ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => UUID.test(id));
}

/**
 * Uploaded files: bytes in the content-addressed FileStorage, one `files` row per upload owned
 * by the uploader. A file is a draft until a dossier attaches it; drafts are swept after a day.
 */
@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(FILES_OPTIONS) private readonly options: FilesOptions,
  ) {}

  /** The largest accepted upload, in bytes. */
  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /**
   * Stores the content and records it as the owner's file. The type comes from the bytes, never
   * from the name or the client's Content-Type: 415 `unsupported_file_type` when no procedure
   * accepts it, 413 `file_too_large` past maxBytes (nothing is kept in either case).
   */
  async upload(ownerId: string, content: Readable, originalName: string | undefined): Promise<UploadedFile> {
    const sniffer = new TypeSniffer(this.options.acceptedMimeTypes);
    const stored = await this.store(content, sniffer);
    const file = await this.record(ownerId, sanitizeFileName(originalName), sniffer.mimeType!, stored);
    return toUploadedFile(file);
  }

  /** The files among `ids` that belong to the owner (unknown, malformed and others' ids are left out). */
  async findOwned(ids: readonly string[], ownerId: string, manager: EntityManager = this.dataSource.manager): Promise<FileEntity[]> {
    const wanted = uniqueUuids(ids);
    if (wanted.length === 0) return [];
    return manager.getRepository(FileEntity).findBy({ id: In(wanted), ownerId });
  }

  /** The owner's file; 404 `file_not_found` for anyone else's, so ids reveal nothing. */
  async getOwned(id: string, ownerId: string): Promise<FileEntity> {
    const [file] = await this.findOwned([id], ownerId);
    if (!file) throw notFoundProblem('file', 'You have no file with this id.');
    return file;
  }

  /** The file's bytes (for a download or a viewer; who may read is the caller's check). */
  openContent(file: FileEntity): Promise<Readable> {
    return this.storage.open(file.sha256);
  }

  /**
   * Marks the files attached (kept for good) inside the caller's transaction, e.g. the one that
   * submits the dossier. A file attached before keeps its first date. Throws 409 `file_unavailable`
   * when one is gone (swept while the dossier was being submitted), so the caller's transaction
   * rolls back instead of referring to a missing file.
   */
  async attach(manager: EntityManager, fileIds: readonly string[], at: Date): Promise<void> {
    const ids = [...new Set(fileIds)];
    if (ids.length === 0) return;
    const valid = uniqueUuids(ids);
    // UPDATE … RETURNING answers [rows, affectedCount].
    const [rows]: [{ id: string }[], number] = valid.length
      ? await manager.query('UPDATE files SET attached_at = COALESCE(attached_at, $2) WHERE id = ANY($1::uuid[]) RETURNING id', [valid, at])
      : [[], 0];
    if (rows.length !== ids.length) {
      throw new ProblemException(HttpStatus.CONFLICT, 'file_unavailable', 'File unavailable', 'A document file no longer exists; upload it again.');
    }
  }

  /** Deletes one of the owner's unattached files (an upload the request then turned out not to want). */
  async discard(id: string, ownerId: string): Promise<void> {
    if (!UUID.test(id)) return;
    const [rows]: [{ sha256: string }[], number] = await this.dataSource.query(
      'DELETE FROM files WHERE id = $1 AND owner_id = $2 AND attached_at IS NULL RETURNING sha256',
      [id, ownerId],
    );
    for (const { sha256 } of rows) await this.removeBlobIfUnreferenced(sha256);
  }

  /**
   * Deletes the files never attached and created before `olderThan` (abandoned drafts), then each
   * of their blobs that no remaining row refers to (the same bytes may belong to a kept file).
   */
  async removeUnattached(olderThan: Date): Promise<RemovedFiles> {
    const digests = new Set<string>();
    let files = 0;
    for (;;) {
      // SKIP LOCKED: a row being attached right now is someone's dossier, not an abandoned draft.
      const [rows]: [{ sha256: string }[], number] = await this.dataSource.query(
        `DELETE FROM files WHERE id IN (
           SELECT id FROM files WHERE attached_at IS NULL AND created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING sha256`,
        [olderThan, REMOVE_BATCH],
      );
      files += rows.length;
      rows.forEach((row) => digests.add(row.sha256));
      if (rows.length < REMOVE_BATCH) break;
    }
    let blobs = 0;
    for (const sha256 of digests) if (await this.removeBlobIfUnreferenced(sha256)) blobs += 1;
    return { files, blobs };
  }

  private async store(content: Readable, sniffer: TypeSniffer): Promise<StoredBlob> {
    // pipeline() carries a failure either way: a client abort fails the put, a refused type stops the source.
    pipeline(content, sniffer, () => undefined);
    try {
      return await this.storage.put(sniffer, { maxBytes: this.options.maxBytes });
    } catch (error) {
      throw this.asProblem(error);
    }
  }

  private asProblem(error: unknown): unknown {
    if (error instanceof FileTooLargeError) return fileTooLargeProblem(error.maxBytes);
    if (error instanceof UnsupportedFileTypeError) {
      const accepted = this.options.acceptedMimeTypes;
      return new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported_file_type',
        'Unsupported file type',
        `The file's content is not one of the accepted types (${accepted.join(', ')}), whatever its name says.`,
        undefined,
        { accepted },
      );
    }
    return error;
  }

  private record(ownerId: string, name: string, mimeType: string, stored: StoredBlob): Promise<FileEntity> {
    return this.dataSource.transaction(async (manager) => {
      await lockBlob(manager, stored.sha256);
      // Between put() and this lock a sweep may have deleted an identical abandoned blob: this very one.
      if (!(await this.storage.exists(stored.sha256))) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'file_storage_busy', 'Try again', 'The file could not be stored; send it again.', undefined, {
          retryAfter: 1,
        });
      }
      const files = manager.getRepository(FileEntity);
      return files.save(files.create({ ownerId, name, mimeType, size: String(stored.size), sha256: stored.sha256, attachedAt: null }));
    });
  }

  private removeBlobIfUnreferenced(sha256: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockBlob(manager, sha256);
      const referenced = await manager.query('SELECT 1 FROM files WHERE sha256 = $1 LIMIT 1', [sha256]);
      if (referenced.length > 0) return false;
      await this.storage.remove(sha256);
      return true;
    });
  }
}
