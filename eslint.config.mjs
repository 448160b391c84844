// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const INDEX_ONLY = { group: ['@app/*/*'], message: 'Import a library through its index (@app/<name>).' };
const APPS = ['messages-api', 'users', 'stream-worker'];

/**
 * Who may import whom (each block repeats INDEX_ONLY: a later block's rule options replace earlier ones):
 * - libraries never import an app, and neither apps nor runtime libraries load development tooling;
 * - an app never imports another app (they talk over their transports);
 * - bin/ and bench/ use an app only through its public door (apps/<app>/src/index.ts, apps/<app>/cli/index.ts).
 * test/ may reach anything: its end-to-end tests exercise the apps' insides on purpose.
 */
function importBoundaries() {
  const restrict = (files, patterns, ignores = []) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns: [INDEX_ONLY, ...patterns] }] },
  });
  // Regexes, not globs: the glob patterns do not see through a relative specifier's leading `../`.
  const noApps = { regex: '(^|/)apps/', message: 'A library never imports an app.' };
  const noTooling = { regex: '^@app/dev-infra$|(^|/)dev-infra(/|$)', message: 'Development tooling is not for apps or runtime libs.' };
  const noOtherApp = (app) => ({
    regex: `(^|/)(${APPS.filter((other) => other !== app).join('|')})/(src|cli)(/|$)`,
    message: 'An app never imports another app: they talk over their transports.',
  });
  return [
    restrict(['libs/**/*.ts'], [noApps]),
    // What the apps run (and the runtime libs they import) never loads development tooling.
    restrict(['libs/*/src/**/*.ts'], [noApps, noTooling], ['libs/dev-infra/**', '**/*.spec.ts']),
    ...APPS.map((app) => restrict([`apps/${app}/**/*.ts`], [noOtherApp(app)])),
    ...APPS.map((app) => restrict([`apps/${app}/src/**/*.ts`], [noOtherApp(app), noTooling], ['**/*.spec.ts'])),
    restrict(
      ['bin/**/*.ts', 'bench/**/*.ts'],
      [
        {
          regex: '(^|/)apps/[^/]+/[^/]+/',
          message: 'Tooling uses an app only through its public door: apps/<app>/src (index.ts) or apps/<app>/cli (index.ts).',
        },
      ],
    ),
  ];
}

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
  ...importBoundaries(),
  {
    // Tooling (tests, launchers, benchmarks) sets up environments for the apps it runs.
    files: ['**/*.config.ts', 'test/**/*.ts', 'bin/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
