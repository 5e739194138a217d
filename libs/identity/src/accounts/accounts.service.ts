import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { ProblemException } from '@motcua/observability';
import { DivisionEntity, UserEntity } from '../entities';
import { hashPassword, verifyPassword } from './password';

/** Lock-out: this many consecutive failures lock the account for the period below. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface CitizenRegistration {
  fullName: string;
  idNumber: string;
  phone: string;
  email: string;
  password: string;
}

// Verifying against a real hash when the user does not exist keeps both answers equally slow.
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AccountsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates a citizen account; the citizen ID number is the username. */
  async registerCitizen(input: CitizenRegistration): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.getRepository(UserEntity).save({
        username: input.idNumber,
        passwordHash,
        fullName: input.fullName,
        idNumber: input.idNumber,
        phone: input.phone,
        email: input.email,
        roles: ['CITIZEN'],
        notificationChannels: ['email', 'sms'],
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'account_exists',
          'Account exists',
          'An account with this ID number or e-mail already exists.',
        );
      }
      throw error;
    }
  }

  /**
   * Checks a username (or e-mail) and password. Repeated failures lock the account for a while;
   * the counters are updated in one statement so concurrent attempts cannot slip past the limit.
   */
  async authenticate(login: string, password: string): Promise<UserEntity> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('(u.username = :login OR lower(u.email) = lower(:login)) AND u.active', { login })
      .getOne();
    const invalid = new ProblemException(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'Invalid credentials', 'Wrong username or password.');
    if (!user) {
      await verifyPassword(await (decoyHash ??= hashPassword('decoy-password')), password);
      throw invalid;
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) throw this.locked(user.lockedUntil);
    if (!(await verifyPassword(user.passwordHash, password))) {
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [rows]: [{ locked_until: Date | null }[], number] = await this.dataSource.query(
        `UPDATE users SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING locked_until`,
        [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
      );
      const lockedUntil = rows[0]?.locked_until;
      if (lockedUntil && lockedUntil > new Date()) throw this.locked(lockedUntil);
      throw invalid;
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await this.dataSource.getRepository(UserEntity).update(user.id, { failedLogins: 0, lockedUntil: null });
    }
    return user;
  }

  /** The code of an officer's division (the unit named on the process control slip). */
  async divisionCode(divisionId: string | null): Promise<string | null> {
    if (!divisionId) return null;
    return (await this.dataSource.getRepository(DivisionEntity).findOneBy({ id: divisionId }))?.code ?? null;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  private locked(until: Date): ProblemException {
    const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    return new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'account_locked',
      'Account locked',
      `Too many failed logins; try again after ${until.toISOString()}.`,
      undefined,
      { retryAfter },
    );
  }
}
