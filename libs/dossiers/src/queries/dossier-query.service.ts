import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { notFoundProblem } from '@motcua/observability';
import { DossierDocumentEntity, DossierEntity, DossierHistoryEntity } from '../entities';

/** Who is looking: decides which dossiers exist for them. */
export interface Viewer {
  id: string;
  roles: string[];
  agencyId: string | null;
  divisionId: string | null;
}

export type WorkListView = 'mine' | 'division' | 'reception' | 'due_soon';
export type DossierSort = 'dueAt' | '-dueAt' | 'submittedAt' | '-submittedAt';

export interface DossierListQuery {
  status?: number[];
  procedureCode?: string;
  step?: string;
  overdue?: boolean;
  dueBefore?: Date;
  q?: string;
  view?: WorkListView;
  sort?: DossierSort;
  page: number;
  pageSize: number;
}

/** How far ahead "due soon" looks in the work list. */
export const DUE_SOON_HOURS = 48;

/** Officers whose roles are all division-bound see only their division's dossiers. */
const DIVISION_ROLES = new Set(['SPECIALIST', 'HEAD']);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Code order, the same in every locale (unlike the database's collation). */
export const byDocumentCode = (a: { documentCode: string }, b: { documentCode: string }) =>
  a.documentCode < b.documentCode ? -1 : a.documentCode > b.documentCode ? 1 : 0;

/**
 * Reads dossiers with object-level scope: a citizen sees their own, an officer their agency's
 * (a specialist or head: their division's). Anything outside the scope does not exist (404).
 */
@Injectable()
export class DossierQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(viewer: Viewer, query: DossierListQuery): Promise<{ items: DossierEntity[]; total: number }> {
    const qb = this.scoped(viewer);
    this.filter(qb, viewer, query);
    const [column, direction] = (query.sort ?? 'dueAt').startsWith('-')
      ? [query.sort!.slice(1), 'DESC' as const]
      : [query.sort ?? 'dueAt', 'ASC' as const];
    qb.orderBy(column === 'dueAt' ? 'd.due_at' : 'd.submitted_at', direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('d.submitted_at', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    // A plain COUNT(*) on the same filter (the ORM's count adds a DISTINCT the single-table query does not need).
    const [items, counted] = await Promise.all([
      qb.getMany(),
      qb.clone().select('count(*)::int', 'total').orderBy().offset(undefined).limit(undefined).getRawOne<{ total: number }>(),
    ]);
    return { items, total: counted?.total ?? 0 };
  }

  async getByCode(viewer: Viewer, code: string): Promise<DossierEntity> {
    const dossier = await this.scoped(viewer).andWhere('d.code = :code', { code }).getOne();
    if (!dossier) throw notFoundProblem('dossier', `No dossier ${code} that you may see.`);
    return dossier;
  }

  history(dossierId: string): Promise<DossierHistoryEntity[]> {
    return this.dataSource.getRepository(DossierHistoryEntity).find({ where: { dossierId }, order: { id: 'ASC' } });
  }

  /** In the order they were added; those added together (one submission, one supplement) by document code. */
  async documents(dossierId: string): Promise<DossierDocumentEntity[]> {
    const rows = await this.dataSource.getRepository(DossierDocumentEntity).find({ where: { dossierId } });
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byDocumentCode(a, b));
  }

  private scoped(viewer: Viewer): SelectQueryBuilder<DossierEntity> {
    const qb = this.dataSource.getRepository(DossierEntity).createQueryBuilder('d');
    const officerRoles = viewer.roles.filter((role) => role !== 'CITIZEN');
    if (officerRoles.length === 0) return qb.where('d.applicant_user_id = :viewer', { viewer: viewer.id });
    qb.where('d.agency_id = :agency', { agency: viewer.agencyId });
    if (officerRoles.every((role) => DIVISION_ROLES.has(role))) qb.andWhere('d.division_id = :division', { division: viewer.divisionId });
    return qb;
  }

  private filter(qb: SelectQueryBuilder<DossierEntity>, viewer: Viewer, query: DossierListQuery): void {
    if (query.status?.length) qb.andWhere('d.status IN (:...status)', { status: query.status });
    if (query.procedureCode) qb.andWhere('d.procedure_code = :procedureCode', { procedureCode: query.procedureCode });
    if (query.step) qb.andWhere('d.step = :step', { step: query.step });
    if (query.overdue !== undefined) {
      qb.andWhere(query.overdue ? 'd.due_at < now() AND d.finished_at IS NULL' : '(d.due_at IS NULL OR d.due_at >= now() OR d.finished_at IS NOT NULL)');
    }
    if (query.dueBefore) qb.andWhere('d.due_at < :dueBefore', { dueBefore: query.dueBefore });
    if (query.q) {
      const text = escapeLike(query.q.trim());
      qb.andWhere(
        new Brackets((or) =>
          or.where('d.code ILIKE :prefix', { prefix: `${text}%` }).orWhere('d.applicant_name ILIKE :contains', { contains: `%${text}%` }),
        ),
      );
    }
    switch (query.view) {
      case 'mine':
        qb.andWhere('d.assignee_id = :me', { me: viewer.id });
        break;
      case 'division':
        qb.andWhere('d.division_id = :myDivision', { myDivision: viewer.divisionId });
        break;
      case 'reception':
        qb.andWhere('d.status = 1');
        break;
      case 'due_soon':
        qb.andWhere(`d.finished_at IS NULL AND d.due_at >= now() AND d.due_at < now() + make_interval(hours => ${DUE_SOON_HOURS})`);
        break;
    }
  }
}
