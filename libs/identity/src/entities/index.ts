import { AgencyEntity } from './agency.entity';
import { DivisionEntity } from './division.entity';
import { UserEntity } from './user.entity';

export { AgencyEntity, DivisionEntity, UserEntity };
export const IDENTITY_ENTITIES = [AgencyEntity, DivisionEntity, UserEntity];
