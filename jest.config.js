// One runner for the whole suite. Unit specs are pure; integration and e2e specs
// get their own PostgreSQL database cloned from a migrated template (see libs/testing).
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    // Rewrites the @motcua/* aliases at compile time, so globalSetup (outside Jest's resolver) sees them too.
    baseUrl: __dirname,
    paths: { '@motcua/domain/*': ['libs/domain/src/*'], '@motcua/*': ['libs/*/src'] },
  },
  module: { type: 'commonjs' },
}];
const common = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, testEnvironment: 'node' };

module.exports = {
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    // Fault drills: real processes on private servers, run apart with `npm run test:faults`.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};
