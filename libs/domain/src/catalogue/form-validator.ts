import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajv } from './ajv';
import type { FieldError, FormValidator, JsonSchema, ProcedureDefinition } from './types';

type Node = { readonly [keyword: string]: unknown };

// Two caches: by object (the frozen schema of a parsed procedure: no hashing on the hot path) and by
// content (a procedure version re-read from the database compiles once, and Ajv keeps one copy).
const byObject = new WeakMap<object, FormValidator>();
const byContent = new Map<string, ValidateFunction>();

/** Compiles (throws on an invalid schema) or returns the cached Ajv function for a form schema. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = byContent.get(key);
  if (!validate) {
    validate = ajv.compile(schema as Node);
    byContent.set(key, validate);
  }
  return validate;
}

/**
 * The validator of a procedure's `fields`: returns [] when valid, else one FieldError per problem, with
 * the field path as the API reports it ('fields.coordinates.lat') and a Vietnamese message built from
 * the property titles, for the citizen.
 */
export function compileFormSchema(procedure: Pick<ProcedureDefinition, 'formSchema'>): FormValidator {
  const schema = procedure.formSchema;
  let validator = byObject.get(schema);
  if (!validator) {
    const validate = compileSchema(schema);
    validator = (fields) => (validate(fields) ? [] : toFieldErrors(validate.errors ?? [], schema));
    byObject.set(schema, validator);
  }
  return validator;
}

function toFieldErrors(errors: readonly ErrorObject[], root: Node): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue; // a summary of the "then"/"else" errors already listed
    const segments = e.instancePath.split('/').slice(1).map(unescapePointer);
    if (e.keyword === 'required') segments.push(String(e.params.missingProperty));
    if (e.keyword === 'additionalProperties') segments.push(String(e.params.additionalProperty));
    const field = ['fields', ...segments].join('.');
    const message = `${label(root, segments)}: ${describe(e, root, segments)}`;
    if (seen.has(field + message)) continue; // the same rule may be stated twice (base and if/then)
    seen.add(field + message);
    out.push({ field, message });
  }
  return out;
}

/** "Vĩ độ (toạ độ trạm)": the field's title, and its parent's for context. */
function label(root: Node, segments: readonly string[]): string {
  if (segments.length === 0) return str(root.title) ?? 'Thông tin biểu mẫu';
  const titles = titlesAlong(root, segments);
  const own = titles[titles.length - 1] ?? `Trường "${segments[segments.length - 1]}"`;
  const parent = titles[titles.length - 2];
  return parent ? `${own} (${lowerFirst(parent)})` : own;
}

/** Titles of each step of a data path; an array element is "<title> thứ N". */
function titlesAlong(root: Node, segments: readonly string[]): (string | undefined)[] {
  const titles: (string | undefined)[] = [];
  let node: Node | undefined = root;
  for (const segment of segments) {
    const arrayTitle: string | undefined = titles[titles.length - 1];
    node = childSchema(root, node, segment);
    const index = /^\d+$/.test(segment) ? Number(segment) : undefined;
    const title = str(node?.title) ?? (index !== undefined ? arrayTitle : undefined);
    titles.push(index !== undefined && title ? `${title} thứ ${index + 1}` : title);
  }
  return titles;
}

/** The schema of one property or array element, following local $refs. */
function childSchema(root: Node, node: Node | undefined, segment: string): Node | undefined {
  const props = node?.properties as Record<string, Node> | undefined;
  const child = props?.[segment] ?? (/^\d+$/.test(segment) ? (node?.items as Node | undefined) : undefined);
  return child && typeof child.$ref === 'string' ? { ...resolveRef(root, child.$ref), ...child } : child;
}

function resolveRef(root: Node, ref: string): Node | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const key of ref.slice(2).split('/').map(unescapePointer)) node = (node as Node | undefined)?.[key];
  return node as Node | undefined;
}

function schemaAt(root: Node, segments: readonly string[]): Node | undefined {
  return segments.reduce<Node | undefined>((node, s) => childSchema(root, node, s), root);
}

const TYPE_TEXT: Record<string, string> = {
  string: 'phải là văn bản',
  number: 'phải là số',
  integer: 'phải là số nguyên',
  boolean: 'phải là Có hoặc Không',
  object: 'phải là một nhóm thông tin',
  array: 'phải là một danh sách',
  null: 'phải để trống',
};

const FORMAT_TEXT: Record<string, string> = {
  date: 'phải là ngày hợp lệ theo dạng năm-tháng-ngày, ví dụ 2025-07-01',
  'date-time': 'phải là thời điểm hợp lệ, ví dụ 2025-07-01T08:00:00+07:00',
  time: 'phải là giờ hợp lệ, ví dụ 08:00:00+07:00',
  email: 'phải là địa chỉ thư điện tử hợp lệ',
  uri: 'phải là địa chỉ web hợp lệ, ví dụ https://example.vn',
  hostname: 'phải là tên miền hợp lệ, ví dụ example.vn',
};

/** The Vietnamese rule text of one Ajv error. */
function describe(e: ErrorObject, root: Node, segments: readonly string[]): string {
  const p = e.params as Record<string, unknown>;
  const limit = p.limit as number;
  switch (e.keyword) {
    case 'required':
      return 'bắt buộc phải khai báo';
    case 'additionalProperties':
      return 'không có trong biểu mẫu của thủ tục này';
    case 'type':
      return String(p.type).split(',').map((t) => TYPE_TEXT[t] ?? 'sai kiểu dữ liệu').join(' hoặc ');
    case 'minLength':
      return limit <= 1 ? 'không được để trống' : `phải có ít nhất ${limit} ký tự`;
    case 'maxLength':
      return `không được dài quá ${limit} ký tự`;
    case 'minimum':
      return `phải lớn hơn hoặc bằng ${num(limit)}`;
    case 'maximum':
      return `không được lớn hơn ${num(limit)}`;
    case 'exclusiveMinimum':
      return `phải lớn hơn ${num(limit)}`;
    case 'exclusiveMaximum':
      return `phải nhỏ hơn ${num(limit)}`;
    case 'multipleOf':
      return `phải là bội số của ${num(p.multipleOf as number)}`;
    case 'minItems':
      return limit <= 1 ? 'phải có ít nhất một mục' : `phải có ít nhất ${limit} mục`;
    case 'maxItems':
      return `không được quá ${limit} mục`;
    case 'uniqueItems':
      return 'không được có mục trùng nhau';
    case 'pattern':
      return 'không đúng định dạng';
    case 'format':
      return FORMAT_TEXT[String(p.format)] ?? 'không đúng định dạng';
    case 'enum':
      return `phải là một trong các giá trị: ${enumLabels(schemaAt(root, segments), p.allowedValues as unknown[])}`;
    case 'const':
      if (p.allowedValue === true) return 'phải được xác nhận (chọn Có)';
      return `phải là ${enumLabels(schemaAt(root, segments), [p.allowedValue])}`;
    case 'maxRatioOf': {
      const other = titlesAlong(root, [...segments.slice(0, -1), String(p.field)]).pop() ?? String(p.field);
      return `không được vượt quá ${num((p.ratio as number) * 100)}% của "${other}" (tối đa ${num(limit)})`;
    }
    case 'vnCoordinate':
      return 'phải nằm trong lãnh thổ Việt Nam (kể cả quần đảo Hoàng Sa, Trường Sa)';
    default:
      return 'không hợp lệ';
  }
}

/** Allowed values as the citizen sees them: the enumTitles when the schema has them. */
function enumLabels(node: Node | undefined, values: readonly unknown[]): string {
  const all = node?.enum as unknown[] | undefined;
  const titles = node?.enumTitles as string[] | undefined;
  return values.map((v) => (all && titles ? titles[all.indexOf(v)] : undefined) ?? String(v)).join(', ');
}

const num = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
// Lower-case the first letter for use inside a sentence, but leave acronyms such as "BTS" alone.
const lowerFirst = (s: string) => (s.length > 1 && s[1] !== s[1].toUpperCase() ? s[0].toLowerCase() + s.slice(1) : s);
