import { callWebhook } from './http-call';

describe('webhook call address check', () => {
  const call = (url: string) => callWebhook({ url, headers: {}, body: '{}', timeoutMs: 2000, policy: { allowPrivate: false } });

  it('refuses an internal IP literal without connecting', async () => {
    const answer = await call('http://169.254.169.254/latest/meta-data');
    expect(answer).toMatchObject({ statusCode: null, error: 'refused: 169.254.169.254 is link-local' });
  });

  it('refuses a name that resolves to an internal address, at connect time', async () => {
    const answer = await call('http://localhost:9/hook');
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/refused: .* is loopback/);
  });
});
