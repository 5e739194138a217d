import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { AgencyEntity } from './agency.entity';

/** A division inside an agency (phòng chuyên môn), e.g. BCVT, TTBCXB, VP. */
@Entity('divisions')
@Index(['agencyId', 'code'], { unique: true })
export class DivisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, (agency) => agency.divisions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<AgencyEntity>;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;
}
