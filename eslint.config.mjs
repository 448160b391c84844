// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // infra/ is its own package (the AWS CDK app) with its own toolchain and checks (npm run infra:check).
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'infra/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in *.config.ts files (validated at boot).',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@app/*/*'], message: 'Import a library through its index (@app/<name>).' }] },
      ],
    },
  },
  {
    // What the apps run (and the libs they import) never loads development tooling: emulators,
    // launchers and seeds live in @app/dev-infra, for bin/, bench/, test/ and the CLIs only.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['libs/dev-infra/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library through its index (@app/<name>).' },
            { group: ['@app/dev-infra', '**/dev-infra/**'], message: 'Development tooling is not for apps or runtime libs.' },
          ],
        },
      ],
    },
  },
  {
    // Tooling (tests, launchers, benchmarks) sets up environments for the apps it runs.
    files: ['**/*.config.ts', 'test/**/*.ts', 'bin/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
