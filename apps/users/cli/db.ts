/**
 * Ops commands for the users database, mirroring the original `bin/db` scripts:
 *   npm run db -- <command> [--force]
 * With DATABASE_URL they work on that Postgres server; without it on the embedded PGlite
 * database under DATA_DIR/pglite (stop the users service first: one process at a time).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { localUsersTransportSecretFile, pathsConfig } from '@app/common';
import { cognitoConfig } from '@app/cognito';
import { databaseConfig, type DatabaseOptions } from '../src/database/database.config';
import { migrate } from '../src/database/migrator';
import { openDatabase } from '../src/database/open-database';
import { seedUsers } from './seed-users';
import { syncCognitoUserIds } from '../src/sync-cognito/sync-cognito-user-ids';
import { UsersRepository } from '../src/users/users.repository';
import { setupLocalCognito, withCognito } from './local-cognito';
import { provisionLocalUsersTransportSecret } from './local-transport-secret';
import { printSyncReport } from './print';
import { runCommand } from '@app/dev-infra';

const USAGE = `Usage: npm run db -- <command>

Commands:
  create                    create the database (a server's database, or the PGlite directory)
  drop [--force]            drop it (a non-local server needs --force)
  schema-load               apply the migrations not yet applied
  seed                      add the seed people (idempotent)
  setup                     create + schema-load + seed + cognito setup + update_cognito_user_ids
                            + the local users-transport secret
  connect                   open psql on DATABASE_URL
  update_cognito_user_ids   link Cognito users to Postgres users (verified email, else an uncontested
                            preferred_username); prints what it linked, left and why

DATABASE_URL unset = embedded PGlite under ${'$'}DATA_DIR/pglite (default .data/pglite).`;

const where = (options: DatabaseOptions) => (options.url ? redact(options.url) : `PGlite ${options.pgliteDir}`);
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function withDatabase<T>(work: (users: UsersRepository, db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const db = await openDatabase(databaseConfig());
  try {
    return await work(new UsersRepository(db), db);
  } finally {
    await db.close();
  }
}

/** The server's maintenance database, for CREATE/DROP DATABASE. */
function maintenanceClient(url: string): { client: Client; name: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[\w-]+$/.test(name)) throw new Error(`unexpected database name "${name}" in DATABASE_URL`);
  parsed.pathname = '/postgres';
  return { client: new Client({ connectionString: parsed.toString() }), name };
}

const isLocalHost = (url: string) => ['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(new URL(url).hostname);

const commands: Record<string, (flags: { force: boolean }) => Promise<void>> = {
  async create() {
    const options = databaseConfig();
    if (!options.url) {
      await withDatabase(async () => undefined);
      console.log(`ready: ${where(options)}`);
      return;
    }
    const { client, name } = maintenanceClient(options.url);
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) console.log(`already exists: database ${name}`);
      else {
        await client.query(`CREATE DATABASE "${name}"`);
        console.log(`created database ${name}`);
      }
    } finally {
      await client.end();
    }
  },

  async drop({ force }) {
    const options = databaseConfig();
    if (!options.url) {
      rmSync(options.pgliteDir, { recursive: true, force: true });
      console.log(`dropped ${where(options)}`);
      return;
    }
    if (!isLocalHost(options.url) && !force) throw new Error(`refusing to drop ${where(options)}: not local (add --force)`);
    const { client, name } = maintenanceClient(options.url);
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      console.log(`dropped database ${name}`);
    } finally {
      await client.end();
    }
  },

  async 'schema-load'() {
    const report = await withDatabase((_, db) => migrate(db));
    console.log(
      `${where(databaseConfig())}: ${report.applied.length ? `applied ${report.applied.join(', ')}` : 'nothing to apply'}` +
        ` (${report.alreadyApplied} already applied)`,
    );
  },

  async seed() {
    const report = await withDatabase((users) => seedUsers(users));
    console.log(`seed: inserted [${report.inserted.join(', ')}], already there [${report.existing.join(', ')}]`);
  },

  async setup(flags) {
    if (databaseConfig().url) await commands.create(flags);
    await commands['schema-load'](flags);
    await commands.seed(flags);
    const cognito = await setupLocalCognito(pathsConfig().dataDir);
    console.log(
      `cognito: pool ${cognito.userPoolId}, client ${cognito.clientId}; users created [${cognito.usersCreated.join(', ')}], ` +
        `existing [${cognito.usersExisting.join(', ')}]`,
    );
    await commands.update_cognito_user_ids(flags);
    provisionLocalUsersTransportSecret(pathsConfig().dataDir);
    console.log(
      `users transport: secret in ${localUsersTransportSecretFile(pathsConfig().dataDir)} (unless USERS_TRANSPORT_SECRET is set)`,
    );
  },

  async connect() {
    const { url } = databaseConfig();
    if (!url) throw new Error('connect needs DATABASE_URL: the embedded PGlite database lives inside the users process');
    await new Promise<void>((resolve, reject) => {
      const psql = spawn('psql', [url], { stdio: 'inherit' });
      psql.once('error', (error) => reject(new Error(`could not run psql: ${error.message}`)));
      psql.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
    });
  },

  async update_cognito_user_ids() {
    const report = await withCognito(pathsConfig().dataDir, () => withDatabase((users) => syncCognitoUserIds(users, cognitoConfig())));
    printSyncReport(report);
  },
};

async function main(argv: string[]): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [name] = positionals;
  if (values.help || !name) return void console.log(USAGE);
  const command = commands[name];
  if (!command) throw new Error(`unknown command "${name}"\n\n${USAGE}`);
  await command({ force: values.force });
}

runCommand('db', () => main(process.argv.slice(2)));
