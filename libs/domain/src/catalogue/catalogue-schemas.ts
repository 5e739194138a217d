// JSON Schemas of the catalogue files themselves (config/procedures/*.json, config/agencies.json).
// Kept as code so they compile once with the shared Ajv instance; the messages they produce are for
// the engineers who edit the files, hence English.

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const code = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 };
const upperCode = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 32 };

export const procedureFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'code', 'nationalCode', 'name', 'field', 'agency', 'division', 'kind', 'processingTime', 'fee',
    'workflow', 'resultDelivery', 'result', 'legalBasis', 'effectiveFrom', 'active', 'documents', 'formSchema',
  ],
  properties: {
    code,
    // Mã TTHC of the national database, e.g. 1.009374.
    nationalCode: { type: ['string', 'null'], pattern: '^[0-9]\\.[0-9]{6}$' },
    name: text(500),
    nameEn: text(200),
    field: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'name'],
      properties: { code: upperCode, name: text(200) },
    },
    agency: upperCode,
    division: upperCode,
    kind: { type: 'string', enum: ['full', 'partial'] },
    processingTime: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'unit'],
      properties: {
        value: { type: 'number', exclusiveMinimum: 0, maximum: 3650 },
        unit: { type: 'string', enum: ['working_days', 'calendar_days', 'working_hours'] },
        note: text(500),
      },
    },
    fee: {
      type: 'object',
      additionalProperties: false,
      required: ['amount', 'currency'],
      properties: {
        amount: { type: ['integer', 'null'], minimum: 0 },
        currency: { type: 'string', enum: ['VND'] },
        note: text(500),
      },
    },
    workflow: code,
    resultDelivery: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['online', 'post', 'counter'] },
    },
    result: text(500),
    legalBasis: { type: 'array', minItems: 1, items: text(500) },
    effectiveFrom: { type: 'string', format: 'date' },
    active: { type: 'boolean' },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name', 'required', 'accept', 'maxBytes'],
        properties: {
          code,
          name: text(500),
          required: { type: 'boolean' },
          accept: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+-]+$', maxLength: 100 },
          },
          maxBytes: { type: 'integer', minimum: 1, maximum: 104857600 },
          note: text(500),
        },
      },
    },
    // Checked further by parseProcedureFile (dialect, compiles, titles, maxLength …).
    formSchema: { type: 'object' },
  },
} as const;

export const agenciesFileSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'identifier', 'name', 'divisions'],
    properties: {
      code: upperCode,
      // Mã định danh of the agency (e.g. 000.00.14.H23): the prefix of its dossier codes.
      identifier: { type: 'string', pattern: '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$' },
      name: text(300),
      nameEn: text(300),
      divisions: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'name'],
          properties: { code: upperCode, name: text(300) },
        },
      },
    },
  },
} as const;
