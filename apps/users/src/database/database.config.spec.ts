import { databaseConfig } from './database.config';

describe('databaseConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const withEnv = (variables: Record<string, string>) => {
    for (const name of ['NODE_ENV', 'DATABASE_URL', 'ALLOW_LOCAL_SERVICES']) delete process.env[name];
    Object.assign(process.env, variables);
    return () => databaseConfig();
  };

  it('uses embedded PGlite when DATABASE_URL is unset, outside production', () => {
    expect(withEnv({ NODE_ENV: 'development' })()).toMatchObject({ url: undefined });
  });

  it('stops a production app when DATABASE_URL is unset, naming the variable', () => {
    expect(withEnv({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: unset means an embedded PGlite database/);
  });

  it('starts in production on a Postgres URL', () => {
    const url = 'postgres://cruddur@db.internal:5432/cruddur?sslmode=no-verify';
    expect(withEnv({ NODE_ENV: 'production', DATABASE_URL: url })()).toMatchObject({ url });
  });
});
