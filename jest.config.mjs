// @ts-check
/**
 * Both Jest projects (unit specs beside the code, e2e specs in test/) share one transform: swc for
 * `.ts` and for the ESM-only packages in node_modules (docs/design.md §11), with the `@app/*` aliases read
 * from tsconfig.json, so an alias is declared in one place for tsc, Nest and Jest alike.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = dirname(fileURLToPath(import.meta.url));
const tsconfigPath = join(root, 'tsconfig.json');
const { config: tsconfig, error } = ts.parseConfigFileTextToJson(tsconfigPath, readFileSync(tsconfigPath, 'utf8'));
if (error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);

/** @type {import('jest').Config} */
const shared = {
  rootDir: root,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  // infra/ is its own package with its own tests; its cdk.out holds staged copies of the repository.
  modulePathIgnorePatterns: ['<rootDir>/infra/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/infra/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
          keepClassNames: true,
          baseUrl: root,
          paths: tsconfig.compilerOptions.paths,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    '^.+\\.[mc]?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  // Nest 12 and a few of its dependencies ship ESM only; nested copies too.
  transformIgnorePatterns: ['/node_modules/(?!(?:.+/node_modules/)?(?:@nestjs|uuid|@electric-sql|content-disposition)/)'],
  // Every wait and loop a test starts ends with the test (test/helpers/test-scope.ts).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/test-scope.setup.ts'],
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      setupFiles: ['<rootDir>/test/helpers/quiet-nest-logger.ts'],
    },
  ],
};
