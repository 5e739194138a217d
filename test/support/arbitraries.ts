import fc from 'fast-check';

/**
 * fast-check arbitraries for fuzzing request bodies: hostile JSON values, mutations of a valid body
 * (described symbolically, applied by `applyMutations`), and raw requests that are not JSON at all.
 * Pure: no API, no database; file ids are resolved by the caller through `FileRef`s.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A file id the caller resolves at run time: its own upload, another user's, a stranger UUID… */
export type FileRef =
  | { kind: 'own'; index: number }
  | { kind: 'foreign'; index: number }
  /** Its own upload, of a type no BTS document accepts (application/zip). */
  | { kind: 'unaccepted' }
  /** Its own upload, already attached to an earlier dossier. */
  | { kind: 'attached'; index: number }
  | { kind: 'random'; uuid: string };

/**
 * Paths are lists of selectors: at each level the selector picks child `n % size` (object keys in
 * insertion order, array indices), so any list is meaningful on any body and shrinks towards the root.
 */
export type Selectors = number[];

export type Mutation =
  | { op: 'delete'; at: Selectors }
  | { op: 'replace'; at: Selectors; value: Json }
  | { op: 'addKey'; at: Selectors; key: string; value: Json }
  | { op: 'set'; path: string[]; value: Json }
  | { op: 'swapFile'; document: number; file: FileRef }
  | { op: 'duplicateDocument'; document: number }
  | { op: 'dropDocument'; document: number }
  | { op: 'wrap'; at: Selectors; depth: number };

// ---------------------------------------------------------------------------------------------
// Values

/** Gives a value a short description in fast-check's reports (a symbol: JSON.stringify ignores it). */
export function described<T extends object>(value: T, description: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => description, enumerable: false });
  return value;
}

/** Nested arrays `depth` levels deep, built without recursion. */
export function nestedArrays(depth: number, leaf: Json = null): Json {
  let value: Json = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return depth > 0 ? described(value as Json[], `nestedArrays(${depth})`) : value;
}

/** Nested objects `depth` levels deep. */
export function nestedObjects(depth: number, leaf: Json = null): Json {
  let value: Json = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return depth > 0 ? described(value as { [key: string]: Json }, `nestedObjects(${depth})`) : value;
}

/** A request body as text, reported by its start and length rather than in full. */
export interface BodyText {
  text: string;
}
const bodyText = (text: string): BodyText =>
  described({ text }, text.length > 200 ? `${JSON.stringify(text.slice(0, 200))}… (${text.length} chars)` : JSON.stringify(text));

const nulStrings = fc.constantFrom('\u0000', 'a\u0000b', 'Viettel\u0000', '\u0000\u0000\u0000', 'HNI\u0000BD');
const loneSurrogates = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udbff\udbff');
const unicodeEdges = fc.constantFrom(
  '\ufeff',
  '\u202eLTR',
  '\u200b',
  'e\u0301',
  'ｆｕｌｌ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '💥🚀',
  'Nguyễn Văn Ánh',
  '\r\n',
  '\t',
  ' ',
  '',
  '<script>alert(1)</script>',
  "'; DROP TABLE dossiers; --",
  '${jndi:ldap://x}',
  '../../etc/passwd',
  '%00',
  '\\u0000',
);
const numberLikeStrings = fc.constantFrom('NaN', '-NaN', 'Infinity', '-Infinity', '-1', '0', '-0', '1e309', '-1e309', '0x1F', '27', ' 27 ', '2,5', '3.0000000000000001', '1_000', '٣');
const hugeStrings = fc
  .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom('x', 'ệ', '9', ' ', '\u0000', '😀', 'ab'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));
const strings = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: nulStrings, weight: 2 },
  { arbitrary: loneSurrogates, weight: 1 },
  { arbitrary: unicodeEdges, weight: 2 },
  { arbitrary: numberLikeStrings, weight: 2 },
  { arbitrary: hugeStrings, weight: 1 },
);
const numbers = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1, 2, 3, 4, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -(2 ** 63), 0.1 + 0.2, 2.9999999, 3.0000001, 300, 300.0001, 6, 23.5, 102, 118),
);
// Up to 1 500 levels (two of them stacked stay below the ~4 000 at which JSON.stringify overflows in the
// test itself; raw requests go deeper).
const deepValues = fc.oneof(
  fc.integer({ min: 1, max: 1_500 }).map((depth) => nestedArrays(depth)),
  fc.integer({ min: 1, max: 1_500 }).map((depth) => nestedObjects(depth)),
);

/** A hostile JSON value: wrong types, huge, NUL-laden or oddly-encoded strings, odd numbers, nesting. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: strings, weight: 6 },
  { arbitrary: numbers, weight: 3 },
  { arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], { '': null }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) as fc.Arbitrary<Json>, weight: 1 },
  { arbitrary: deepValues, weight: 1 },
);

/** Keys for unknown properties, including those that mean something to JavaScript. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 3 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString', '__defineGetter__', 'then'), weight: 2 },
  { arbitrary: fc.constantFrom('colour', 'priority', 'id', 'status', 'code', 'dossierId', 'ownerId', '', ' ', '\u0000', 'a.b', '$ref', 'channel', 'email', 'address', 'note', 'district'), weight: 2 },
);

// ---------------------------------------------------------------------------------------------
// Plausible values: edits that keep a BTS body valid, or push it just past a rule

const coordinate = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const height = fc.oneof(fc.double({ min: -1, max: 600, noNaN: true }), fc.constantFrom(0, 0.6, 3, 3.0000001, 4.8, 5, 24, 300, 500, 500.5));
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '7', '9'), minLength: min, maxLength: max });

/** Text a free-text field accepts by length and type, including what PostgreSQL cannot store. */
const freeText = (maxLength: number) => fc.oneof({ arbitrary: fc.string({ unit: 'grapheme', maxLength }), weight: 4 }, nulStrings, loneSurrogates);

const plausibleEdits: [string[], fc.Arbitrary<Json>][] = [
  [['procedureCode'], fc.constantFrom('bts-location-approval', 'radio-frequency-referral', 'press-conference-notice', 'game-point-certificate', 'BTS-LOCATION-APPROVAL', ' bts-location-approval', 'x'.repeat(65))],
  [['resultDelivery'], fc.constantFrom('online', 'post', 'counter', 'pigeon', 'ONLINE', '')],
  [['channel'], fc.constantFrom<Json>(1, 2, 3, 0, 4, null, '2', 2.5)],
  [['applicant', 'type'], fc.constantFrom<Json>(1, 2, 3, 4, 0, 5, 2.0, 1.5, '2')],
  [['applicant', 'idNumber'], fc.oneof(digits(8, 15), fc.constantFrom('001099012345', '0100109106', '0100109106-001', '012345678', '0100109106-01'))],
  [['applicant', 'phone'], fc.constantFrom('0912345678', '+84912345678', '84912345678', '091 234 5678', '091.234.5678', '0112345678', '+442079460000', '')],
  [['applicant', 'email'], fc.oneof(fc.emailAddress() as fc.Arbitrary<Json>, fc.constantFrom<Json>(null, '', 'not-an-email', `${'a'.repeat(250)}@b.vn`))],
  [['applicant', 'address'], fc.oneof(freeText(520) as fc.Arbitrary<Json>, fc.constant<Json>(null))],
  [['applicant', 'fullName'], fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(' Lê Văn Cường ', 'A', 'Công ty TNHH A&B (Việt Nam)', 'O\'Brien', 'x'.repeat(256)))],
  [['fields', 'operator'], fc.constantFrom('Viettel', 'VNPT', 'MobiFone', 'other', 'viettel')],
  [['fields', 'operatorName'], freeText(210)],
  [['fields', 'stationCode'], fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{0,55}$/), fc.constantFrom('HNI BD', 'HNI/BD', 'Trạm-1'))],
  [['fields', 'structureType'], fc.constantFrom('rooftop', 'ground_tower', 'tower')],
  [['fields', 'bulky'], fc.constantFrom<Json>(true, false, 'false', 0)],
  [['fields', 'antennaHeight'], height],
  [['fields', 'buildingHeight'], height],
  [['fields', 'columnHeight'], height],
  [['fields', 'coordinates', 'lat'], fc.oneof(coordinate(0, 30), fc.constantFrom(6, 23.5, 5.9999, 23.5001))],
  [['fields', 'coordinates', 'lng'], fc.oneof(coordinate(95, 125), fc.constantFrom(102, 118, 101.9999, 118.0001))],
  [['fields', 'address', 'district'], freeText(110)],
  [['fields', 'address', 'street'], freeText(310)],
  [['fields', 'technologies'], fc.array(fc.constantFrom('2G', '3G', '4G', '5G', '6G'), { maxLength: 5 })],
  [['fields', 'sharedInfrastructure'], fc.constantFrom<Json>(true, false, null)],
  [['fields', 'note'], fc.oneof(freeText(1_010), fc.constantFrom('x'.repeat(1_000), 'x'.repeat(1_001)))],
];

const plausibleEdit: fc.Arbitrary<Mutation> = fc.oneof(
  ...plausibleEdits.map(([path, value]) => value.map((v): Mutation => ({ op: 'set', path, value: v }))),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const selectors: fc.Arbitrary<Selectors> = fc.array(fc.nat({ max: 1_000 }), { maxLength: 5 });
const fileRef: fc.Arbitrary<FileRef> = fc.oneof(
  fc.nat({ max: 9 }).map((index): FileRef => ({ kind: 'own', index })),
  fc.nat({ max: 9 }).map((index): FileRef => ({ kind: 'foreign', index })),
  fc.constant<FileRef>({ kind: 'unaccepted' }),
  fc.nat({ max: 99 }).map((index): FileRef => ({ kind: 'attached', index })),
  fc.uuid({ version: 4 }).map((uuid): FileRef => ({ kind: 'random', uuid })),
  fc.uuid().map((uuid): FileRef => ({ kind: 'random', uuid })),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: selectors.map((at): Mutation => ({ op: 'delete', at })), weight: 3 },
  { arbitrary: fc.record({ at: selectors, value: hostileValue }).map(({ at, value }): Mutation => ({ op: 'replace', at, value })), weight: 5 },
  {
    arbitrary: fc.record({ at: selectors, key: hostileKey, value: hostileValue }).map(({ at, key, value }): Mutation => ({ op: 'addKey', at, key, value })),
    weight: 2,
  },
  { arbitrary: plausibleEdit, weight: 6 },
  { arbitrary: fc.record({ document: fc.nat({ max: 9 }), file: fileRef }).map(({ document, file }): Mutation => ({ op: 'swapFile', document, file })), weight: 3 },
  { arbitrary: fc.nat({ max: 9 }).map((document): Mutation => ({ op: 'duplicateDocument', document })), weight: 1 },
  { arbitrary: fc.nat({ max: 9 }).map((document): Mutation => ({ op: 'dropDocument', document })), weight: 1 },
  {
    arbitrary: fc.record({ at: selectors, depth: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1_500 })) }).map(({ at, depth }): Mutation => ({ op: 'wrap', at, depth })),
    weight: 1,
  },
);

/** 0 to 4 mutations (none at all sends the valid body unchanged, so some runs are accepted). */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { maxLength: 4 });

type Container = Json[] | { [key: string]: Json };
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Sets an own property, even one named `__proto__` (plain assignment would change the prototype). */
function put(target: Container, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function children(container: Container): (string | number)[] {
  return Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
}

/** Walks the selectors as far as they go: the last container reached, and the key of the node in it. */
function locate(root: Container, at: Selectors): { parent?: Container; key?: string | number; node: Json } {
  let parent: Container | undefined;
  let key: string | number | undefined;
  let node: Json = root;
  for (const selector of at) {
    if (!isContainer(node)) break;
    const keys = children(node);
    if (keys.length === 0) break;
    parent = node;
    key = keys[selector % keys.length];
    node = (node as Record<string, Json>)[key as string];
  }
  return { parent, key, node };
}

/** Generated values may be shared between runs (constantFrom) and must not be changed nor nested in themselves. */
const copy = (value: Json): Json => (isContainer(value) ? (JSON.parse(JSON.stringify(value)) as Json) : value);

function remove(parent: Container, key: string | number): void {
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key as string];
}

/**
 * Applies mutations to a deep copy of `valid` (which is never changed). Mutations that no longer fit
 * the body (a document that was deleted, a path through a replaced value) do nothing.
 */
export function applyMutations(valid: Json, list: readonly Mutation[], fileId: (ref: FileRef) => string): Json {
  let body = JSON.parse(JSON.stringify(valid)) as Json;
  const documents = () => (isContainer(body) && !Array.isArray(body) && Array.isArray(body.documents) ? body.documents : undefined);
  for (const m of list) {
    if (!isContainer(body)) break;
    switch (m.op) {
      case 'delete': {
        const { parent, key } = locate(body, m.at);
        if (parent !== undefined && key !== undefined) remove(parent, key);
        break;
      }
      case 'replace':
      case 'wrap': {
        const { parent, key, node } = locate(body, m.at);
        const value = m.op === 'replace' ? copy(m.value) : nestedArrays(m.depth, node);
        if (parent === undefined || key === undefined) body = value;
        else put(parent, key, value);
        break;
      }
      case 'addKey': {
        const { parent, node } = locate(body, m.at);
        const target = isContainer(node) ? node : parent ?? body;
        if (Array.isArray(target)) target.push(copy(m.value));
        else put(target, m.key, copy(m.value));
        break;
      }
      case 'set': {
        let target: Json = body;
        for (const segment of m.path.slice(0, -1)) target = isContainer(target) && !Array.isArray(target) ? target[segment] : null;
        if (isContainer(target) && !Array.isArray(target)) put(target, m.path[m.path.length - 1], copy(m.value));
        break;
      }
      case 'swapFile': {
        const list = documents();
        const document = list?.[m.document % Math.max(list.length, 1)];
        if (isContainer(document) && !Array.isArray(document)) put(document, 'fileId', fileId(m.file));
        break;
      }
      case 'duplicateDocument': {
        const list = documents();
        if (list?.length) list.push(JSON.parse(JSON.stringify(list[m.document % list.length])) as Json);
        break;
      }
      case 'dropDocument': {
        const list = documents();
        if (list?.length) list.splice(m.document % list.length, 1);
        break;
      }
    }
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Random bodies and raw requests

/** Bodies of any shape: JSON values, arbitrary JS values that serialise, and DTO-shaped records of junk. */
export const randomBodyText: fc.Arbitrary<BodyText> = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .anything({ maxDepth: 3, withNullPrototype: true, withSparseArray: true, withDate: true })
    .map((value) => {
      try {
        return JSON.stringify(value);
      } catch {
        return undefined;
      }
    })
    .filter((text): text is string => typeof text === 'string'),
  fc
    .record(
      {
        procedureCode: hostileValue,
        applicant: fc.oneof(hostileValue, fc.dictionary(fc.constantFrom('fullName', 'idNumber', 'phone', 'email', 'address', 'type'), hostileValue)),
        fields: fc.oneof(hostileValue, fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 })),
        documents: fc.oneof(hostileValue, fc.array(fc.oneof(hostileValue, fc.record({ code: hostileValue, fileId: hostileValue })), { maxLength: 6 })),
        resultDelivery: hostileValue,
        channel: hostileValue,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
).map(bodyText);

/** How a raw request is built from the valid body's JSON text. */
export type RawRequest =
  | { kind: 'text'; text: string; contentType: string }
  | { kind: 'truncated'; cut: number; contentType: string }
  | { kind: 'contentType'; contentType: string }
  | { kind: 'encoding'; encoding: string }
  | { kind: 'invalidUtf8'; at: number; bytes: number[] }
  | { kind: 'deep'; where: 'top' | 'fields' | 'documents'; depth: number }
  | { kind: 'duplicateKeys' }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'noContentType' };

export const rawRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '{', '}', '[', '{"a":}', "{'procedureCode':'x'}", '{"a":1,}', 'NaN', 'undefined', 'null', 'true', '"x"', '0', '{}', '[]', '{"a":1}{"b":2}')),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  }),
  fc.record({ kind: fc.constant('truncated' as const), cut: fc.nat({ max: 2_000 }), contentType: fc.constant('application/json') }),
  fc.record({
    kind: fc.constant('contentType' as const),
    contentType: fc.constantFrom(
      'text/plain',
      'text/html',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=ascii',
      'application/json; charset=nonsense',
      'application/problem+json',
      'application/vnd.motcua+json',
      'application/jsonx',
      'json',
      '*/*',
      'application/json, text/plain',
    ),
  }),
  fc.record({ kind: fc.constant('encoding' as const), encoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip', 'compress') }),
  fc.record({ kind: fc.constant('invalidUtf8' as const), at: fc.nat({ max: 2_000 }), bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('deep' as const), where: fc.constantFrom('top' as const, 'fields' as const, 'documents' as const), depth: fc.integer({ min: 1, max: 20_000 }) }),
  fc.constant<RawRequest>({ kind: 'duplicateKeys' }),
  fc.record({ kind: fc.constant('oversize' as const), bytes: fc.integer({ min: 1_048_577, max: 1_300_000 }) }),
  fc.constant<RawRequest>({ kind: 'noContentType' }),
);
