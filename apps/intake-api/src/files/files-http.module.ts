import { Module } from '@nestjs/common';
import { FilesModule } from '@motcua/files';
import { FilesController } from './files.controller';

/** POST /files and GET /files/{id}. */
@Module({ imports: [FilesModule], controllers: [FilesController] })
export class FilesHttpModule {}
