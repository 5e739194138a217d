import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import { notFoundProblem } from '@motcua/observability';
import { dossierFromRow, dossierSelectList } from '../changes/dossier-row';
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

/** A document as a dossier's answer lists it. */
export type DossierDocumentView = Pick<DossierDocumentEntity, 'documentCode' | 'fileId' | 'purpose'>;

/** Which dossiers exist for a viewer: those whose columns equal the viewer's ids. */
interface Scope {
  name: 'applicant' | 'agency' | 'division';
  equal: [column: string, value: string | null][];
}

function scopeOf(viewer: Viewer): Scope {
  const officerRoles = viewer.roles.filter((role) => role !== 'CITIZEN');
  if (officerRoles.length === 0) return { name: 'applicant', equal: [['applicant_user_id', viewer.id]] };
  if (officerRoles.every((role) => DIVISION_ROLES.has(role))) {
    return { name: 'division', equal: [['agency_id', viewer.agencyId], ['division_id', viewer.divisionId]] };
  }
  return { name: 'agency', equal: [['agency_id', viewer.agencyId]] };
}

/** The dossier's documents in the order of `documents()` (milliseconds, like a JavaScript date, then code by code point). */
const DOCUMENTS_OF_D = `(SELECT coalesce(json_agg(json_build_object('documentCode', dd.document_code, 'fileId', dd.file_id, 'purpose', dd.purpose)
     ORDER BY date_trunc('milliseconds', dd.created_at), dd.document_code COLLATE "C"), '[]')
   FROM dossier_documents dd WHERE dd.dossier_id = d.id)`;

/** Code order, the same in every locale (unlike the database's collation). */
export const byDocumentCode = (a: { documentCode: string }, b: { documentCode: string }) =>
  a.documentCode < b.documentCode ? -1 : a.documentCode > b.documentCode ? 1 : 0;

/**
 * Reads dossiers with object-level scope: a citizen sees their own, an officer their agency's
 * (a specialist or head: their division's). Anything outside the scope does not exist (404).
 */
@Injectable()
export class DossierQueryService {
  /** One dossier by code, per scope and with or without its documents: every officer action reads one. */
  private readonly byCode = new Map<string, NamedStatement<Record<string, unknown> & { documents?: DossierDocumentView[] }>>();

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
    return (await this.readByCode(viewer, code, false)).dossier;
  }

  /** The dossier and its documents (as `documents()` orders them), in one statement. */
  async getWithDocuments(viewer: Viewer, code: string): Promise<{ dossier: DossierEntity; documents: DossierDocumentView[] }> {
    const { dossier, documents } = await this.readByCode(viewer, code, true);
    return { dossier, documents: documents ?? [] };
  }

  history(dossierId: string): Promise<DossierHistoryEntity[]> {
    return this.dataSource.getRepository(DossierHistoryEntity).find({ where: { dossierId }, order: { id: 'ASC' } });
  }

  /** In the order they were added; those added together (one submission, one supplement) by document code. */
  async documents(dossierId: string): Promise<DossierDocumentEntity[]> {
    const rows = await this.dataSource.getRepository(DossierDocumentEntity).find({ where: { dossierId } });
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byDocumentCode(a, b));
  }

  private async readByCode(viewer: Viewer, code: string, withDocuments: boolean): Promise<{ dossier: DossierEntity; documents?: DossierDocumentView[] }> {
    const scope = scopeOf(viewer);
    const [row] = await this.byCodeStatement(scope, withDocuments).run(this.dataSource.manager, [code, ...scope.equal.map(([, value]) => value)]);
    if (!row) throw notFoundProblem('dossier', `No dossier ${code} that you may see.`);
    return { dossier: dossierFromRow(this.dataSource.manager, row), documents: row.documents };
  }

  private byCodeStatement(scope: Scope, withDocuments: boolean) {
    const name = `dossier_by_code_${scope.name}${withDocuments ? '_with_documents' : ''}`;
    let statement = this.byCode.get(name);
    if (!statement) {
      const documents = withDocuments ? `, ${DOCUMENTS_OF_D} AS documents` : '';
      const inScope = scope.equal.map(([column], i) => `d.${column} = $${i + 2}`).join(' AND ');
      statement = new NamedStatement(name, `SELECT ${dossierSelectList(this.dataSource.manager, 'd')}${documents} FROM dossiers d WHERE d.code = $1 AND ${inScope}`);
      this.byCode.set(name, statement);
    }
    return statement;
  }

  private scoped(viewer: Viewer): SelectQueryBuilder<DossierEntity> {
    const { equal } = scopeOf(viewer);
    return this.dataSource
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .where(equal.map(([column], i) => `d.${column} = :scope${i}`).join(' AND '), Object.fromEntries(equal.map(([, value], i) => [`scope${i}`, value])));
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
