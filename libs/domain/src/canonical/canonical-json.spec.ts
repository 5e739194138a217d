import { canonicalJson, contentHash, sha256Hex } from '.';

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":0,"y":1}]},"b":1}');
  });

  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2025-11-03T02:00:00Z') })).toBe('{"at":"2025-11-03T02:00:00.000Z"}');
  });

  it('hashes equal content equally, whatever the key order', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('separates hashed parts so that moving a boundary changes the hash', () => {
    expect(sha256Hex('ab', 'c')).not.toBe(sha256Hex('a', 'bc'));
  });
});
