import { FileEntity } from './file.entity';

export { FileEntity };
export const FILE_ENTITIES = [FileEntity];
