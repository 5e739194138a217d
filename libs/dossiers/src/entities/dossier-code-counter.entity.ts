import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-agency, per-day counter behind dossier codes; incremented with a single upsert. */
@Entity('dossier_code_counters')
export class DossierCodeCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  agencyIdentifier: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer' })
  lastValue: number;
}
