import { randomBytes } from 'node:crypto';
import { newWebhookSecret } from './webhook-signing';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const secret = newWebhookSecret();
    const [a, b] = [box.seal(secret), box.seal(secret)];
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.slice(6));
    expect([box.open(a), box.open(b)]).toEqual([secret, secret]);
    expect(SecretBox.isSealed(a)).toBe(true);
  });

  it('fits the column it is stored in', () => {
    expect(box.seal(newWebhookSecret()).length).toBeLessThanOrEqual(255);
  });

  it('reads a secret stored before encryption as it is', () => {
    expect(box.open('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(SecretBox.isSealed('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
  });

  it('refuses a value sealed with another key, or altered', () => {
    const sealed = box.seal(newWebhookSecret());
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(altered)).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(RangeError);
  });
});
