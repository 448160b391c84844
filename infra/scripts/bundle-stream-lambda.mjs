// Bundles pattern E's Lambda entry (apps/stream-worker/src/lambda.ts) into one CommonJS file:
//   node scripts/bundle-stream-lambda.mjs <outdir>
// esbuild bundles; swc compiles each TypeScript file first, because Nest's dependency injection reads
// the decorator metadata (design:paramtypes) that esbuild does not emit. The app's own packages are
// resolved from the repository's node_modules (the root `npm ci`), as the app's build does.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { transform } from '@swc/core';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LAMBDA_ENTRY = join(repository, 'apps/stream-worker/src/lambda.ts');

/**
 * Packages that Nest and its neighbours require only when a feature the Lambda module does not use
 * is switched on (transports, websockets, validation, pretty logs). Left out of the bundle: a
 * require of one of them would fail loudly at run time, never silently.
 */
const NOT_BUNDLED = [
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  '@fastify/static',
  'class-validator',
  'class-transformer',
  'class-transformer/*',
  'pino-pretty',
  'ioredis',
  '@nats-io/*',
  'kafkajs',
  'mqtt',
  'amqp-connection-manager',
  'amqplib',
  '@grpc/*',
];

const swcTypeScript = {
  name: 'swc-typescript',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const output = await transform(await readFile(path, 'utf8'), {
        filename: path,
        sourceMaps: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};

/** Builds the bundle into `outdir` (index.js, exporting `handler`); resolves to esbuild's metafile. */
export async function bundleStreamLambda(outdir) {
  const result = await build({
    entryPoints: { index: LAMBDA_ENTRY },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // The tsconfig's `@app/*` paths resolve the libraries, as for tsc and Nest.
    tsconfig: join(repository, 'tsconfig.json'),
    external: NOT_BUNDLED,
    // Nest 12 is ESM and calls createRequire(import.meta.url): give the CommonJS bundle its own URL.
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__bundleUrl' },
    // aws-sdk v3 is bundled (not taken from the runtime) so the code runs with the SDK it was tested with.
    plugins: [swcTypeScript],
  });
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  if (!outdir) {
    console.error('usage: node scripts/bundle-stream-lambda.mjs <outdir>');
    process.exit(64);
  }
  const metafile = await bundleStreamLambda(resolve(outdir));
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.error(`stream-worker Lambda bundle: ${(bytes / 1024).toFixed(0)} KiB in ${resolve(outdir)}`);
}
