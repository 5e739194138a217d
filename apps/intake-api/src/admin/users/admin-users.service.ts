import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AccountAccess, AgencyEntity, DivisionEntity, hashPassword, UserEntity } from '@motcua/identity';
import { notFoundProblem, ProblemException, validationProblem } from '@motcua/observability';
import type { AuthUser } from '../../auth/auth-user';
import { logAdminAction } from '../admin-action-log';
import { CreateOfficerDto, ListUsersQuery, UpdateUserDto } from './dto/user.dtos';
import { UnitCodes, userView, UserView } from './user.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');
const isUniqueViolation = (error: unknown) => error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505';

const userExists = (detail: string) => new ProblemException(HttpStatus.CONFLICT, 'user_exists', 'Account exists', detail);

/** Officers' accounts: create, change, lock out and unlock. Citizens register themselves. */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccountAccess,
  ) {}

  async list(query: ListUsersQuery): Promise<{ items: UserView[]; page: number; pageSize: number; total: number }> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q?.trim()) {
      qb.andWhere('(u.username ILIKE :q OR u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${escapeLike(query.q.trim())}%` });
    }
    const [users, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const units = await this.unitCodes(this.dataSource.manager);
    return { items: users.map((user) => userView(user, units)), page: query.page, pageSize: query.pageSize, total };
  }

  async createOfficer(input: CreateOfficerDto, admin: AuthUser): Promise<UserView> {
    const manager = this.dataSource.manager;
    const agency = await manager.findOneBy(AgencyEntity, { code: input.agencyCode });
    if (!agency) throw validationProblem([{ field: 'agencyCode', message: `no agency with code "${input.agencyCode}"` }]);
    const division = input.divisionCode ? await this.divisionOf(manager, agency.id, input.divisionCode) : null;
    await this.refuseDuplicate(input.username, input.email);
    // Hashing is deliberately slow: done before the transaction so it holds no connection meanwhile.
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const user = await tx.save(UserEntity, tx.create(UserEntity, {
          username: input.username,
          passwordHash,
          fullName: input.fullName,
          email: input.email,
          phone: input.phone ?? null,
          roles: input.roles,
          agencyId: agency.id,
          divisionId: division?.id ?? null,
        }));
        await logAdminAction(tx, admin, {
          entityType: 'user',
          entityId: user.id,
          action: 'user_created',
          data: { username: user.username, roles: user.roles, agency: agency.code, division: division?.code ?? null },
        });
        return userView(user, await this.unitCodes(tx));
      });
    } catch (error) {
      // Two administrators creating the same account at once: the unique indexes decide.
      if (isUniqueViolation(error)) throw userExists('An account with this username or e-mail already exists.');
      throw error;
    }
  }

  async update(id: string, input: UpdateUserDto, admin: AuthUser): Promise<UserView> {
    const changes = Object.entries(input).filter(([, value]) => value !== undefined);
    if (!changes.length) throw validationProblem([{ field: 'body', message: 'send at least one of fullName, roles, divisionCode, active' }]);
    const updated = await this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      const isCitizen = user.roles.includes('CITIZEN');
      if (isCitizen && (input.roles || input.divisionCode !== undefined)) {
        throw validationProblem(
          [{ field: input.roles ? 'roles' : 'divisionCode', message: 'a citizen account has no officer roles or division' }],
          'Citizen accounts keep their role; create an officer account instead.',
        );
      }
      if (user.id === admin.id && (input.active === false || (input.roles && !input.roles.includes('ADMIN')))) {
        throw new ProblemException(HttpStatus.CONFLICT, 'own_admin_access', 'Conflict', 'You cannot deactivate your own account or remove your own ADMIN role; ask another administrator.');
      }
      const before = this.editable(user);
      if (input.fullName !== undefined) user.fullName = input.fullName;
      if (input.roles !== undefined) user.roles = input.roles;
      if (input.active !== undefined) user.active = input.active;
      if (input.divisionCode !== undefined) {
        if (input.divisionCode !== null && !user.agencyId) {
          throw validationProblem([{ field: 'divisionCode', message: 'the account belongs to no agency' }]);
        }
        user.divisionId = input.divisionCode === null ? null : (await this.divisionOf(manager, user.agencyId!, input.divisionCode)).id;
      }
      // What a token grants changed: the account's tokens stop working (see AccountAccess).
      const granted = ({ fullName: _name, roles, ...rest }: ReturnType<AdminUsersService['editable']>) => JSON.stringify({ ...rest, roles: [...roles].sort() });
      if (granted(before) !== granted(this.editable(user))) user.accessVersion += 1;
      const saved = await manager.save(UserEntity, user);
      const units = await this.unitCodes(manager);
      const named = ({ divisionId, ...rest }: ReturnType<AdminUsersService['editable']>) => ({ ...rest, division: divisionId ? (units.divisions.get(divisionId) ?? null) : null });
      await logAdminAction(manager, admin, {
        entityType: 'user',
        entityId: saved.id,
        action: 'user_updated',
        data: { before: named(before), after: named(this.editable(saved)) },
      });
      return userView(saved, units);
    });
    this.access.forget(id);
    return updated;
  }

  /** Clears the failed-login counter and the lock-out, e.g. after the officer called the help desk. */
  async unlock(id: string, admin: AuthUser): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      const before = { failedLogins: user.failedLogins, lockedUntil: user.lockedUntil?.toISOString() ?? null };
      user.failedLogins = 0;
      user.lockedUntil = null;
      const saved = await manager.save(UserEntity, user);
      await logAdminAction(manager, admin, { entityType: 'user', entityId: saved.id, action: 'user_unlocked', data: { before } });
      return userView(saved, await this.unitCodes(manager));
    });
  }

  /** What PATCH may change, as kept in the audit log before and after. */
  private editable(user: UserEntity) {
    return { fullName: user.fullName, roles: [...user.roles], divisionId: user.divisionId, active: user.active };
  }

  private async lockedUser(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = UUID.test(id) ? await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!user) throw notFoundProblem('user', `No user with id "${id}".`);
    return user;
  }

  private async divisionOf(manager: EntityManager, agencyId: string, code: string): Promise<DivisionEntity> {
    const division = await manager.findOneBy(DivisionEntity, { agencyId, code });
    if (!division) throw validationProblem([{ field: 'divisionCode', message: `no division "${code}" in the agency` }]);
    return division;
  }

  /** Logins compare e-mails without case, so uniqueness must too (the index alone is case-sensitive). */
  private async refuseDuplicate(username: string, email: string): Promise<void> {
    const taken = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select(['u.username', 'u.email'])
      .where('u.username = :username OR lower(u.email) = lower(:email)', { username, email })
      .getMany();
    if (taken.some((u) => u.username === username)) throw userExists(`The username "${username}" is taken.`);
    if (taken.length) throw userExists(`An account with the e-mail ${email} already exists.`);
  }

  private async unitCodes(manager: EntityManager): Promise<UnitCodes> {
    const [agencies, divisions] = await Promise.all([manager.find(AgencyEntity), manager.find(DivisionEntity)]);
    return { agencies: new Map(agencies.map((a) => [a.id, a.code])), divisions: new Map(divisions.map((d) => [d.id, d.code])) };
  }
}
