import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FileEntity, FilesService, toUploadedFile, UploadedFile } from '@motcua/files';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { receiveSingleFile } from './receive-single-file';

const uploadedFileSchema = {
  type: 'object',
  required: ['id', 'name', 'mimeType', 'size', 'sha256'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', maxLength: 255, description: 'The client’s file name, without path or control characters' },
    mimeType: { type: 'string', enum: ['application/pdf', 'image/jpeg', 'image/png'], description: 'Detected from the content' },
    size: { type: 'integer', description: 'Bytes' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};

const fileDetailSchema = {
  ...uploadedFileSchema,
  properties: {
    ...uploadedFileSchema.properties,
    createdAt: { type: 'string', format: 'date-time' },
    attachedAt: { type: 'string', format: 'date-time', nullable: true, description: 'When a dossier first used it; unattached files are deleted after a day' },
  },
};

function fileDetail(file: FileEntity) {
  return { ...toUploadedFile(file), createdAt: file.createdAt, attachedAt: file.attachedAt };
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /** Uploads one document for a later dossier; the type is checked from the content. */
  @Post()
  @Roles('CITIZEN', 'RECEPTIONIST')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: 'The stored file', schema: uploadedFileSchema })
  @ApiPayloadTooLargeResponse({ description: 'file_too_large' })
  @ApiUnsupportedMediaTypeResponse({ description: 'unsupported_file_type (content not PDF, JPEG or PNG); unsupported_media_type (not multipart)' })
  @ApiUnprocessableEntityResponse({ description: 'validation_failed: no `file` part, or other parts' })
  upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<UploadedFile> {
    return receiveSingleFile(request.raw, reply.raw, {
      field: 'file',
      maxBytes: this.files.maxBytes,
      store: (content, filename) => this.files.upload(user.id, content, filename),
      discard: (stored) => this.files.discard(stored.id, user.id),
    });
  }

  /** The caller's own file. */
  @Get(':id')
  @ApiOkResponse({ description: 'The file’s metadata', schema: fileDetailSchema })
  @ApiNotFoundResponse({ description: 'file_not_found (also for another user’s file)' })
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return fileDetail(await this.files.getOwned(id, user.id));
  }
}
