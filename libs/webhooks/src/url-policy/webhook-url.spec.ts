import { checkWebhookUrl } from './webhook-url';

describe('webhook URL check', () => {
  const strict = { allowPrivate: false };
  const open = { allowPrivate: true };

  it('accepts https to a public address', async () => {
    expect(await checkWebhookUrl('https://203.162.4.191/hooks', strict)).toBeNull();
  });

  it('refuses what is not plain http(s) or carries credentials', async () => {
    expect(await checkWebhookUrl('not a url', strict)).toBe('must be an absolute http:// or https:// URL');
    expect(await checkWebhookUrl('ftp://203.162.4.191/x', strict)).toBe('must be an http:// or https:// URL');
    expect(await checkWebhookUrl('https://portal:secret@203.162.4.191/x', strict)).toBe('must not carry credentials; the signature authenticates us');
  });

  it('requires https unless private URLs are allowed', async () => {
    expect(await checkWebhookUrl('http://203.162.4.191/hooks', strict)).toBe('must use https://');
    expect(await checkWebhookUrl('http://127.0.0.1:8080/hooks', open)).toBeNull();
  });

  it('refuses internal addresses, literal or resolved, unless allowed', async () => {
    expect(await checkWebhookUrl('https://10.0.0.1/x', strict)).toBe('must point at a public address, not a private, loopback or link-local one (10.0.0.1 is private)');
    expect(await checkWebhookUrl('https://localhost/x', strict)).toMatch(/is loopback\)$/);
    expect(await checkWebhookUrl('https://[::ffff:169.254.169.254]/x', strict)).toMatch(/is ipv4-mapped\)$/);
    expect(await checkWebhookUrl('https://10.0.0.1/x', open)).toBeNull();
  });
});
