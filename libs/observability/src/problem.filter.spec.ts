import { isUnavailable } from './problem.filter';

describe('backing service unavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pooled client whose connection broke', new Error('Client has encountered a connection error and is not queryable')],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['Redis gone', new Error('Connection is closed.')],
    ['the same, wrapped by the ORM', Object.assign(new Error('query failed'), { driverError: new Error('Connection terminated unexpectedly') })],
  ])('recognises %s', (_what, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('does not take %s for it', (_what, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
