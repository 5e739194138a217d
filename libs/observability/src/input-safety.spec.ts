import { unsafeInput, MAX_INPUT_DEPTH } from './input-safety';

describe('unsafe input', () => {
  it('accepts ordinary Vietnamese text, emoji and nesting', () => {
    expect(unsafeInput({ a: { b: ['Nguyễn Văn An', '📡 trạm BTS', 1, null, true] } })).toBeUndefined();
  });

  it.each([
    [{ fields: { note: 'a\u0000b' } }, 'fields.note'],
    [{ applicant: { email: '\udbff\udbff' } }, 'applicant.email'],
    [{ list: ['ok', '\udc00x'] }, 'list[1]'],
    [JSON.parse('{"__proto__": 0, "x": 1}'), '__proto__'],
    [{ fields: { constructor: 'x' } }, 'fields.constructor'],
    [{ documents: [{ toString: 'x' }] }, 'documents[0].toString'],
  ])('refuses %p at %s', (value, field) => {
    expect(unsafeInput(value)?.field).toBe(field);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = null;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeInput({ deep })).toEqual({ field: expect.stringMatching(/^deep(\[0\])+$/), message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
  });

  it('names a query parameter by its name', () => {
    expect(unsafeInput('x\u0000', 'q')).toEqual({ field: 'q', message: 'contains a NUL character or invalid Unicode' });
  });
});
