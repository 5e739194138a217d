import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { FilesSweeper } from './files-sweeper';
import { DEFAULT_FILES_OPTIONS, FILES_OPTIONS } from './files.options';
import { FilesService } from './files.service';
import { FILE_STORAGE } from './storage/file-storage';
import { LocalFileStorage } from './storage/local-file-storage';

/**
 * Uploaded files. Needs the database and APP_CONFIG (global in every app). Blobs go to the local
 * storage folder; provide FILE_STORAGE differently to keep them elsewhere.
 */
@Module({
  providers: [
    { provide: FILES_OPTIONS, useValue: DEFAULT_FILES_OPTIONS },
    { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalFileStorage(config.paths.storageDir) },
    FilesService,
    FilesSweeper,
  ],
  exports: [FilesService, FILE_STORAGE, FILES_OPTIONS],
})
export class FilesModule {}
