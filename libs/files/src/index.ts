import { FileEntity } from './file.entity';

export { FileEntity };
export const FILE_ENTITIES = [FileEntity];

export { FilesModule } from './files.module';
export { FilesService, toUploadedFile, fileTooLargeProblem } from './files.service';
export type { UploadedFile, RemovedFiles } from './files.service';
export { FilesSweeper, SWEEP_INTERVAL_MS, SWEEP_LOCK_KEY, UNATTACHED_LIFETIME_MS } from './files-sweeper';
export type { SweepReport } from './files-sweeper';
export { FILES_OPTIONS, MAX_UPLOAD_BYTES, ACCEPTED_MIME_TYPES, DEFAULT_FILES_OPTIONS } from './files.options';
export type { FilesOptions } from './files.options';
export { detectMimeType, DETECTABLE_MIME_TYPES, SNIFF_BYTES } from './mime-type';
export { sanitizeFileName, MAX_FILE_NAME_LENGTH } from './file-name';
export { FILE_STORAGE, FileTooLargeError, BlobNotFoundError } from './storage/file-storage';
export type { FileStorage, StoredBlob, PutOptions } from './storage/file-storage';
export { LocalFileStorage } from './storage/local-file-storage';
