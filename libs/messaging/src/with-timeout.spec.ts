import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes on what settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'answer')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 50, 'answer')).rejects.toThrow('no');
  });

  it('rejects, naming what it waited for, when nothing comes in time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'Redis')).rejects.toThrow('Redis did not finish in 20 ms');
  });
});
