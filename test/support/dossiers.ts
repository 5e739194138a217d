import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FileEntity } from '@motcua/files';
import { validSamples } from '../../libs/domain/src/catalogue/test-fixtures';
import type { TestApi } from './api';

export const BTS_DOCUMENTS = ['application', 'telecom-licence', 'site-document', 'site-plan', 'structural-assessment'];

/** A valid BTS form: a non-bulky rooftop column within 3 m and 20 % of the building. */
export function btsFields(overrides: Record<string, unknown> = {}) {
  return {
    operator: 'Viettel',
    stationCode: 'HNI-BD-0412',
    address: { province: 'Hà Nội', ward: 'Phường Ba Đình', street: '12 Trần Phú' },
    coordinates: { lat: 21.0341, lng: 105.8372 },
    structureType: 'rooftop',
    bulky: false,
    antennaHeight: 27,
    buildingHeight: 24,
    columnHeight: 3,
    ...overrides,
  };
}

export const enterpriseApplicant = {
  fullName: 'Tổng Công ty Viễn thông Viettel',
  idNumber: '0100109106',
  phone: '0981234567',
  email: 'bts@viettel.example.vn',
  address: 'Lô D26, Cầu Giấy, Hà Nội',
  type: 2,
};

/**
 * Files owned by a user, written straight to the table: for tests about submission rules rather
 * than uploads (the upload path has its own tests).
 */
export async function ownedFiles(api: TestApi, ownerId: string, count: number, mimeType = 'application/pdf'): Promise<string[]> {
  const repository = (await api.db.dataSource(2)).getRepository(FileEntity);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = await repository.save({ ownerId, name: `doc-${i}.pdf`, mimeType, size: '2048', sha256: randomUUID().replace(/-/g, '').padEnd(64, '0') });
    ids.push(file.id);
  }
  return ids;
}

export function btsBody(fileIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: 'bts-location-approval',
    applicant: enterpriseApplicant,
    fields: btsFields(),
    documents: BTS_DOCUMENTS.map((code, i) => ({ code, fileId: fileIds[i] })),
    resultDelivery: 'online',
    ...overrides,
  };
}

/** Submits a valid dossier of any procedure for a citizen (files for every required document). */
export async function submitValid(api: TestApi, citizen: { userId: string; auth: Record<string, string> }, procedureCode: string): Promise<string> {
  const procedure = api.catalogue.procedures.find((p) => p.code === procedureCode);
  if (!procedure) throw new Error(`no procedure ${procedureCode}`);
  const required = procedure.documents.filter((d) => d.required);
  const files = await ownedFiles(api, citizen.userId, required.length);
  const response = await request(api.http)
    .post('/api/v1/dossiers')
    .set(citizen.auth)
    .set('Idempotency-Key', randomUUID())
    .send({
      procedureCode,
      applicant: enterpriseApplicant,
      fields: validSamples[procedureCode],
      documents: required.map((d, i) => ({ code: d.code, fileId: files[i] })),
      resultDelivery: procedure.resultDelivery[0],
    });
  if (response.status !== 201) throw new Error(`submit ${procedureCode}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.code;
}
