import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '@motcua/domain/canonical';
import { compileFormSchema, ProcedureDefinition } from '@motcua/domain/catalogue';
import { FileEntity } from '@motcua/files';
import { startTestApi, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody } from './support/dossiers';
import { applyMutations, FileRef, Json, mutations, randomBodyText, RawRequest, rawRequest } from './support/arbitraries';

/**
 * Property-based fuzzing of POST /api/v1/dossiers (issue: "none gets a 5xx and none creates a dossier
 * unless valid"). Every request, whatever its body, must get either 201 or a 4xx problem+json with a
 * code; a 201 must be for a body an independent check finds valid; and the database must change by
 * exactly one dossier (with its history, audit, outbox, idempotency and document rows) per 201 and
 * not at all otherwise.
 *
 * Deterministic given a seed: the run's seed is printed on the "submission fuzz: seed N" line, and the three
 * properties use N+1, N+2 and N+3 (the seed fast-check prints on failure). Replay a run with FUZZ_SEED=N;
 * FUZZ_RUNS sets the number of mutated bodies (default 500).
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = { random: 100, mutated: Number(process.env.FUZZ_RUNS ?? 500), raw: 80 };
const TIMEOUT = 120_000;

const TOP_LEVEL = new Set(['procedureCode', 'applicant', 'fields', 'documents', 'resultDelivery', 'channel']);
const APPLICANT = new Set(['fullName', 'idNumber', 'phone', 'email', 'address', 'type']);
const DOCUMENT = new Set(['code', 'fileId']);
const ID_NUMBER = /^(\d{9}|\d{12}|\d{10}(-\d{3})?)$/;
const JSON_TYPES = /^application\/(json|[^;/\s]+\+json)\s*(;|$)/i;

interface Actor {
  name: 'citizen' | 'desk';
  session: Session;
  /** Every file this actor owns, with its MIME type. */
  files: Map<string, string>;
  pdfs: string[];
  zip: string;
  /** Files already attached to a dossier this actor created. */
  attached: string[];
}

interface Exchange {
  actor: Actor;
  contentType: string | undefined;
  extraHeaders: Record<string, string>;
  bytes: Buffer;
  status: number;
  responseType: string;
  responseBody: unknown;
  responseText: string;
}

type Counts = Record<'dossiers' | 'history' | 'outbox' | 'audit' | 'keys' | 'documents', number>;
const COUNTS = `SELECT (SELECT count(*) FROM dossiers)::int AS dossiers, (SELECT count(*) FROM dossier_history)::int AS history,
  (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM audit_log)::int AS audit,
  (SELECT count(*) FROM idempotency_keys)::int AS keys, (SELECT count(*) FROM dossier_documents)::int AS documents`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null; // @IsOptional() treats null as absent

describe('submission fuzzing (POST /api/v1/dossiers)', () => {
  let api: TestApi;
  let db: DataSource;
  let citizen: Actor;
  let desk: Actor;
  let foreign: string[];
  let baseline: Counts;
  const statuses = new Map<number, number>();
  let created = 0;
  let sent = 0;

  async function addFiles(ownerId: string, count: number, mimeType = 'application/pdf'): Promise<string[]> {
    const rows = Array.from({ length: count }, (_, i) => ({
      ownerId,
      name: `fuzz-${i}.pdf`,
      mimeType,
      size: '2048',
      sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    }));
    const { identifiers } = await db.getRepository(FileEntity).insert(rows);
    return identifiers.map((row) => String(row.id));
  }

  async function actor(name: Actor['name'], session: Session): Promise<Actor> {
    const pdfs = await addFiles(session.userId, 5);
    const [zip] = await addFiles(session.userId, 1, 'application/zip');
    const files = new Map([...pdfs.map((id): [string, string] => [id, 'application/pdf']), [zip, 'application/zip']]);
    return { name, session, files, pdfs, zip, attached: [] };
  }

  /** Five new PDFs of the actor, for one valid body. */
  async function freshPdfs(who: Actor): Promise<string[]> {
    const ids = await addFiles(who.session.userId, 5);
    for (const id of ids) who.files.set(id, 'application/pdf');
    who.pdfs.push(...ids);
    return ids;
  }

  function resolveFile(who: Actor, ref: FileRef): string {
    switch (ref.kind) {
      case 'own':
        return who.pdfs[who.pdfs.length - 1 - (ref.index % who.pdfs.length)];
      case 'foreign':
        return foreign[ref.index % foreign.length];
      case 'unaccepted':
        return who.zip;
      case 'attached':
        return who.attached.length ? who.attached[ref.index % who.attached.length] : who.pdfs[0];
      case 'random':
        return ref.uuid;
    }
  }

  const counts = async (): Promise<Counts> => (await db.query(COUNTS))[0];

  async function send(who: Actor, bytes: Buffer, contentType: string | undefined, extraHeaders: Record<string, string> = {}): Promise<Exchange> {
    let req = request(api.http).post('/api/v1/dossiers').set(who.session.auth).set('Idempotency-Key', randomUUID());
    if (contentType !== undefined) req = req.set('Content-Type', contentType);
    for (const [name, value] of Object.entries(extraHeaders)) req = req.set(name, value);
    // Send the bytes as they are (superagent would otherwise JSON-encode a Buffer).
    const response = await req.serialize(((body: Buffer) => body) as never).send(bytes);
    sent += 1;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return {
      actor: who,
      contentType,
      extraHeaders,
      bytes,
      status: response.status,
      responseType: String(response.headers['content-type'] ?? ''),
      responseBody: response.body,
      responseText: response.text ?? '',
    };
  }

  function show(exchange: Exchange): string {
    // Long runs of one character (nesting, huge strings) are shown as "[…×2000".
    const text = exchange.bytes.toString('utf8').replace(/(.)\1{19,}/gsu, (run, unit: string) => `${unit}…×${run.length / unit.length}`);
    const preview = JSON.stringify(text.length > 1_500 ? `${text.slice(0, 1_500)}…` : text);
    const headers = Object.entries(exchange.extraHeaders).map(([k, v]) => `${k}: ${v}; `).join('');
    return [
      `POST /api/v1/dossiers as ${exchange.actor.name}; Content-Type: ${exchange.contentType ?? '(none)'}; ${headers}${exchange.bytes.length} bytes`,
      `body: ${preview}`,
      `→ ${exchange.status} ${exchange.responseType} ${exchange.responseText.slice(0, 1_000)}`,
    ].join('\n');
  }

  /** The body as the server would read it (UTF-8 with replacement characters, BOM dropped), or undefined. */
  function parsed(exchange: Exchange): { value: unknown } | undefined {
    if (exchange.extraHeaders['Content-Encoding'] && exchange.extraHeaders['Content-Encoding'] !== 'identity') return undefined;
    try {
      return { value: JSON.parse(new TextDecoder('utf-8').decode(exchange.bytes).replace(/^\ufeff/, '')) };
    } catch {
      return undefined;
    }
  }

  /**
   * Why a body must not create a dossier, checked independently of the API's DTO: only the form
   * fields go through the catalogue's own validator (compileFormSchema); the rest (shape, unknown keys,
   * documents, ownership of files, channel) is checked here. [] means valid. A sound but incomplete
   * check: it is only applied to 201 answers.
   */
  function whyInvalid(who: Actor, exchange: Exchange): string[] {
    if (!exchange.contentType || !JSON_TYPES.test(exchange.contentType)) return [`not sent as JSON (${exchange.contentType ?? 'no Content-Type'})`];
    const body = parsed(exchange);
    if (!body) return ['not JSON'];
    const b = body.value;
    if (!isObject(b)) return ['body is not an object'];
    const problems: string[] = [];
    for (const key of Object.keys(b)) if (!TOP_LEVEL.has(key)) problems.push(`unknown top-level key ${JSON.stringify(key)}`);

    const procedure: ProcedureDefinition | undefined = api.catalogue.procedures.find((p) => p.code === b.procedureCode && p.active);
    if (!procedure) return [...problems, `no active procedure ${JSON.stringify(b.procedureCode)}`];

    const applicant = b.applicant;
    if (!isObject(applicant)) problems.push('applicant is not an object');
    else {
      for (const key of Object.keys(applicant)) if (!APPLICANT.has(key)) problems.push(`unknown applicant key ${JSON.stringify(key)}`);
      if (typeof applicant.fullName !== 'string' || applicant.fullName.trim().length < 2) problems.push('applicant.fullName');
      if (typeof applicant.idNumber !== 'string' || !ID_NUMBER.test(applicant.idNumber)) problems.push('applicant.idNumber');
      if (applicant.type === 1 && !/^(\d{12}|\d{9})$/.test(String(applicant.idNumber))) problems.push('applicant.idNumber of a citizen');
      if (typeof applicant.phone !== 'string') problems.push('applicant.phone');
      if (!Number.isInteger(applicant.type) || ![1, 2, 3, 4].includes(applicant.type as number)) problems.push('applicant.type');
      if (present(applicant.email) && (typeof applicant.email !== 'string' || !applicant.email.includes('@'))) problems.push('applicant.email');
      if (present(applicant.address) && typeof applicant.address !== 'string') problems.push('applicant.address');
    }

    if (!isObject(b.fields)) problems.push('fields is not an object');
    else problems.push(...compileFormSchema(procedure)(b.fields).map((e) => `${e.field}: ${e.message}`));

    if (!Array.isArray(b.documents) || b.documents.length > 50) problems.push('documents is not an array of at most 50');
    else {
      const specs = new Map(procedure.documents.map((d) => [d.code, d]));
      b.documents.forEach((document: unknown, i) => {
        if (!isObject(document)) return problems.push(`documents[${i}] is not an object`);
        for (const key of Object.keys(document)) if (!DOCUMENT.has(key)) problems.push(`unknown documents[${i}] key ${JSON.stringify(key)}`);
        const spec = typeof document.code === 'string' ? specs.get(document.code) : undefined;
        const mime = typeof document.fileId === 'string' ? who.files.get(document.fileId) : undefined;
        if (!spec) problems.push(`documents[${i}].code ${JSON.stringify(document.code)} is not a document of ${procedure.code}`);
        if (!mime) problems.push(`documents[${i}].fileId ${JSON.stringify(document.fileId)} is not a file of the ${who.name}`);
        else if (spec && !spec.accept.includes(mime)) problems.push(`documents[${i}].fileId is ${mime}`);
        return undefined;
      });
      for (const spec of procedure.documents) {
        if (spec.required && !b.documents.some((d: unknown) => isObject(d) && d.code === spec.code)) problems.push(`required document ${spec.code} missing`);
      }
    }

    if (typeof b.resultDelivery !== 'string' || !(procedure.resultDelivery as readonly string[]).includes(b.resultDelivery)) problems.push('resultDelivery');
    const channels = who.name === 'citizen' ? [2] : [1, 3];
    if (present(b.channel) && !channels.includes(b.channel as number)) problems.push(`channel ${JSON.stringify(b.channel)} for the ${who.name}`);
    return problems;
  }

  /** The three properties of one exchange, plus the database delta it caused. */
  function check(exchange: Exchange, before: Counts, after: Counts): void {
    const fail = (why: string) => {
      throw new Error(`${why}\n${show(exchange)}`);
    };
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Counts]]));
    if (exchange.status >= 500) fail(`5xx answer`);
    if (exchange.status === 201) {
      created += 1;
      const problems = whyInvalid(exchange.actor, exchange);
      if (problems.length) fail(`dossier created from an invalid body: ${problems.join('; ')}`);
      const body = parsed(exchange)!.value as { documents: { fileId: string }[]; fields: unknown; channel?: number };
      const dossier = exchange.responseBody as { status?: { code?: number }; channel?: number; documents?: unknown[]; fields?: unknown };
      if (dossier.status?.code !== 1) fail('the new dossier is not in status 1');
      const channel = exchange.actor.name === 'citizen' ? 2 : (body.channel ?? 1);
      if (dossier.channel !== channel) fail(`the new dossier has channel ${dossier.channel}, expected ${channel}`);
      if (dossier.documents?.length !== body.documents.length) fail('the new dossier does not have the documents sent');
      if (canonicalJson(dossier.fields) !== canonicalJson(body.fields)) {
        fail(`the new dossier's fields differ from those sent: ${canonicalJson(dossier.fields).slice(0, 500)}`);
      }
      const expected = { dossiers: 1, history: 1, outbox: 1, audit: 1, keys: 1, documents: body.documents.length };
      if (canonicalJson(delta) !== canonicalJson(expected)) fail(`rows written ${canonicalJson(delta)}, expected ${canonicalJson(expected)}`);
      exchange.actor.attached.push(...body.documents.map((d) => d.fileId));
      return;
    }
    if (exchange.status < 400) fail(`neither 201 nor 4xx`);
    if (!/^application\/problem\+json/.test(exchange.responseType)) fail('a 4xx that is not application/problem+json');
    const problem = exchange.responseBody as { code?: unknown; status?: unknown };
    if (typeof problem?.code !== 'string' || problem.code.length === 0) fail('a 4xx problem without a code');
    if (problem.status !== exchange.status) fail('a 4xx problem whose status differs from the answer');
    if (Object.values(delta).some((n) => n !== 0)) fail(`a refused submission wrote rows: ${canonicalJson(delta)}`);
  }

  async function exchangeAndCheck(who: Actor, bytes: Buffer, contentType: string | undefined, extraHeaders?: Record<string, string>): Promise<Exchange> {
    const before = await counts();
    const exchange = await send(who, bytes, contentType, extraHeaders);
    check(exchange, before, await counts());
    return exchange;
  }

  const serialisable = (value: Json): string | undefined => {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  };
  const asJson = (value: Json | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  const runner = (offset: number, numRuns: number) => ({ seed: SEED + offset, numRuns });

  /** The bytes, Content-Type and extra headers of a raw request made from the valid body's JSON text. */
  function rawBytes(raw: RawRequest, valid: string): [Buffer, string | undefined, Record<string, string>] {
    const json = 'application/json';
    switch (raw.kind) {
      case 'text':
        return [asJson(raw.text), raw.contentType, {}];
      case 'truncated':
        return [asJson(valid.slice(0, raw.cut % valid.length)), raw.contentType, {}];
      case 'contentType':
        return [asJson(valid), raw.contentType, {}];
      case 'encoding':
        return [asJson(valid), json, { 'Content-Encoding': raw.encoding }];
      case 'invalidUtf8': {
        const bytes = asJson(valid);
        const at = raw.at % bytes.length;
        return [Buffer.concat([bytes.subarray(0, at), Buffer.from(raw.bytes), bytes.subarray(at)]), json, {}];
      }
      case 'deep': {
        const nest = `${'['.repeat(raw.depth)}null${']'.repeat(raw.depth)}`; // JSON.stringify would overflow the stack
        const marker = { top: '{', fields: '"fields":{', documents: '"documents":[' }[raw.where];
        const insert = raw.where === 'documents' ? `${nest},` : `"deep":${nest},`;
        return [asJson(valid.replace(marker, `${marker}${insert}`)), json, {}];
      }
      case 'duplicateKeys':
        // The last occurrence wins in JSON.parse, on the server as in the check.
        return [asJson(valid.replace('{', '{"procedureCode":"no-such-procedure","resultDelivery":"pigeon",')), json, {}];
      case 'oversize':
        return [asJson(valid.replace('"fields":{', `"fields":{"note":"${'x'.repeat(raw.bytes)}",`)), json, {}];
      case 'noContentType':
        return [asJson(valid), undefined, {}];
    }
  }

  beforeAll(async () => {
    api = await startTestApi();
    db = await api.db.dataSource(2);
    citizen = await actor('citizen', await newCitizen(api));
    desk = await actor('desk', await loginAs(api, 'reception'));
    foreign = await addFiles((await newCitizen(api, 'Phạm Thị Dung')).userId, 3);
    baseline = await counts();
  });
  afterAll(() => api?.close());

  it('accepts the unmodified valid body from a citizen and from the desk (the fuzzing baseline)', async () => {
    for (const who of [citizen, desk]) {
      const exchange = await exchangeAndCheck(who, asJson(btsBody(await freshPdfs(who)) as Json), 'application/json');
      expect(exchange.status).toBe(201);
    }
  });

  it(
    `never answers 5xx nor creates a dossier for ${RUNS.random} random JSON bodies`,
    async () => {
      await fc.assert(
        fc.asyncProperty(randomBodyText, async ({ text }) => {
          await exchangeAndCheck(citizen, Buffer.from(text, 'utf8'), 'application/json');
        }),
        runner(1, RUNS.random),
      );
    },
    TIMEOUT,
  );

  it(
    `never answers 5xx, and creates a dossier only from a valid body, for ${RUNS.mutated} mutated BTS bodies`,
    async () => {
      const createdBefore = created;
      const who = fc.oneof({ arbitrary: fc.constant('citizen' as const), weight: 4 }, { arbitrary: fc.constant('desk' as const), weight: 1 });
      await fc.assert(
        fc.asyncProperty(who, mutations, async (name, list) => {
          const actor = name === 'citizen' ? citizen : desk;
          const valid = btsBody(await freshPdfs(actor)) as Json;
          const body = applyMutations(valid, list, (ref) => resolveFile(actor, ref));
          const text = serialisable(body);
          fc.pre(text !== undefined); // nesting too deep for JSON.stringify in the test itself
          await exchangeAndCheck(actor, Buffer.from(text!, 'utf8'), 'application/json');
        }),
        runner(2, RUNS.mutated),
      );
      // Not a vacuous pass: the unmutated and validly-edited bodies were accepted.
      expect(created - createdBefore).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    `never answers 5xx nor creates a dossier from ${RUNS.raw} malformed JSON texts, wrong content types and encodings`,
    async () => {
      await fc.assert(
        fc.asyncProperty(rawRequest, async (raw) => {
          const [bytes, contentType, headers] = rawBytes(raw, JSON.stringify(btsBody(await freshPdfs(citizen))));
          await exchangeAndCheck(citizen, bytes, contentType, headers);
        }),
        runner(3, RUNS.raw),
      );
    },
    TIMEOUT,
  );

  it('wrote exactly one dossier, history, audit and outbox row per 201, and nothing for refusals', async () => {
    const now = await counts();
    const accepted = statuses.get(201) ?? 0;
    console.log(`submission fuzz: seed ${SEED}, ${sent} requests, answers ${canonicalJson(Object.fromEntries(statuses))}`);
    expect(now.dossiers - baseline.dossiers).toBe(accepted);
    expect(now.history - baseline.history).toBe(accepted);
    expect(now.audit - baseline.audit).toBe(accepted);
    expect(now.outbox - baseline.outbox).toBe(accepted);
    expect(now.keys - baseline.keys).toBe(accepted);
  });
});
