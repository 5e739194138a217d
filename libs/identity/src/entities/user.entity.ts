import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Citizens, organisations' representatives and officers. Officers carry an agency and usually a division. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 255 })
  fullName: string;

  /** 12-digit citizen ID (CCCD) for citizens; null for officers. */
  @Index({ unique: true, where: 'id_number IS NOT NULL' })
  @Column({ type: 'varchar', length: 12, nullable: true })
  idNumber: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Index({ unique: true, where: 'email IS NOT NULL' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** CITIZEN, RECEPTIONIST, SPECIALIST, HEAD, DIRECTOR, ADMIN. */
  @Column({ type: 'text', array: true })
  roles: string[];

  @Column({ type: 'uuid', nullable: true })
  agencyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised whenever what a token grants changes (roles, division, deactivation): tokens carrying an older one stop working. */
  @Column({ type: 'integer', default: 1 })
  accessVersion: number;

  /** Preferred channels for notifications, e.g. ['email','sms']. */
  @Column({ type: 'text', array: true, default: () => "'{email}'" })
  notificationChannels: string[];

  @Column({ type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
