import Ajv, { type SchemaValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The one JSON Schema dialect of catalogue form schemas: the default of Ajv's main class. */
export const FORM_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/**
 * Bounding box of Vietnam including its islands (a sanity check, not a border test):
 * latitude 6.0–23.5 °N (Trường Sa's southern reefs ~6.5 °N … Lũng Cú 23.39 °N),
 * longitude 102.0–118.0 °E (A Pa Chải 102.14 °E … Trường Sa's eastern reefs ~117.8 °E; Hoàng Sa ~111–113 °E).
 */
export const VN_BOUNDS = {
  lat: { min: 6.0, max: 23.5 },
  lng: { min: 102.0, max: 118.0 },
} as const;

// One shared instance: compiled schemas are cached inside it. Strict mode catches typos in the
// catalogue (unknown keywords, missing types); conditional `required` inside if/then is idiomatic,
// hence strictRequired off; nullable fields of the catalogue file itself need union types.
export const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv, ['date', 'date-time', 'time', 'email', 'uri', 'hostname']);

// "maxRatioOf": {"field": "buildingHeight", "ratio": 0.2}: this number ≤ ratio × a sibling number.
// Used for Joint Circular 15/2016: a non-bulky rooftop column is at most 20 % of the building height.
const maxRatioOf: SchemaValidateFunction = (schema: { field: string; ratio: number }, data: number, _parent, cxt) => {
  const other = (cxt?.parentData as Record<string, unknown> | undefined)?.[schema.field];
  if (typeof other !== 'number') return true; // the sibling's own rules report it missing or wrong
  const limit = other * schema.ratio;
  if (data <= limit) return true;
  maxRatioOf.errors = [{ keyword: 'maxRatioOf', params: { field: schema.field, ratio: schema.ratio, limit } }];
  return false;
};
ajv.addKeyword({
  keyword: 'maxRatioOf',
  type: 'number',
  schemaType: 'object',
  errors: true,
  metaSchema: {
    type: 'object',
    required: ['field', 'ratio'],
    additionalProperties: false,
    properties: { field: { type: 'string', minLength: 1 }, ratio: { type: 'number', exclusiveMinimum: 0 } },
  },
  validate: maxRatioOf,
});

// "vnCoordinate": "lat" | "lng": the number lies within VN_BOUNDS (one message a citizen understands,
// instead of a bare minimum/maximum).
const vnCoordinate: SchemaValidateFunction = (axis: 'lat' | 'lng', data: number) => {
  const { min, max } = VN_BOUNDS[axis];
  if (data >= min && data <= max) return true;
  vnCoordinate.errors = [{ keyword: 'vnCoordinate', params: { axis, min, max } }];
  return false;
};
ajv.addKeyword({
  keyword: 'vnCoordinate',
  type: 'number',
  schemaType: 'string',
  errors: true,
  metaSchema: { type: 'string', enum: ['lat', 'lng'] },
  validate: vnCoordinate,
});

// "enumTitles": Vietnamese labels of an enum, in the same order (annotation for forms and messages).
ajv.addKeyword({
  keyword: 'enumTitles',
  schemaType: 'array',
  metaSchema: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } },
});
