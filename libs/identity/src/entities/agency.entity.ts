import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DivisionEntity } from './division.entity';

/** A provincial department that owns procedures (Sở …); its identifier prefixes dossier codes. */
@Entity('agencies')
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short stable code, e.g. SKHCN. */
  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  /** Mã định danh, e.g. 000.00.14.H23. */
  @Column({ type: 'varchar', length: 32, unique: true })
  identifier: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @OneToMany(() => DivisionEntity, (division) => division.agency)
  divisions: Relation<DivisionEntity[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
