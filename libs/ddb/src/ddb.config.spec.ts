import { ddbConfig, LOCAL_DYNAMODB_ENDPOINT } from './ddb.config';

describe('ddbConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to DynamoDB Local with throwaway credentials and the design’s table name', () => {
    delete process.env.DDB_ENDPOINT;
    delete process.env.DDB_TABLE_NAME;
    delete process.env.AWS_ACCESS_KEY_ID;
    expect(ddbConfig()).toMatchObject({
      endpoint: LOCAL_DYNAMODB_ENDPOINT,
      tableName: 'cruddur-messages',
      credentials: { accessKeyId: 'local' },
    });
  });

  it('means real AWS, with the default credential chain, when DDB_ENDPOINT is empty', () => {
    process.env.DDB_ENDPOINT = '';
    delete process.env.AWS_ACCESS_KEY_ID;
    expect(ddbConfig()).toMatchObject({ endpoint: undefined, credentials: undefined });
  });

  it('signs requests to an AWS endpoint with the default credential chain, not the local placeholders', () => {
    process.env.DDB_ENDPOINT = 'https://dynamodb.eu-west-1.amazonaws.com';
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    expect(ddbConfig()).toMatchObject({ endpoint: 'https://dynamodb.eu-west-1.amazonaws.com', credentials: undefined });
  });

  describe('with NODE_ENV=production', () => {
    const production = (variables: Record<string, string>) => {
      for (const name of ['DDB_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'ALLOW_LOCAL_SERVICES']) delete process.env[name];
      Object.assign(process.env, { NODE_ENV: 'production' }, variables);
      return () => ddbConfig();
    };

    it('stops at boot when DDB_ENDPOINT is unset (it would silently mean DynamoDB Local)', () => {
      expect(production({})).toThrow(/DDB_ENDPOINT: unset means DynamoDB Local/);
    });

    it.each(['http://127.0.0.1:8000', 'http://localhost:8000', 'http://[::1]:8000'])(
      'stops at boot on a local endpoint (%s)',
      (endpoint) => {
        expect(production({ DDB_ENDPOINT: endpoint })).toThrow(/DDB_ENDPOINT: .* is this machine/);
      },
    );

    it('stops at boot on the local placeholder credentials against AWS', () => {
      expect(production({ DDB_ENDPOINT: '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })).toThrow(
        /AWS_ACCESS_KEY_ID: the local placeholder credentials/,
      );
    });

    it('starts on AWS with the task role’s credentials', () => {
      expect(production({ DDB_ENDPOINT: '' })()).toMatchObject({ endpoint: undefined, credentials: undefined });
    });

    it('starts against an emulator on another host (docker-compose: http://dynamodb:8000)', () => {
      expect(
        production({ DDB_ENDPOINT: 'http://dynamodb:8000', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })(),
      ).toMatchObject({
        endpoint: 'http://dynamodb:8000',
      });
    });

    it('starts against this machine only when ALLOW_LOCAL_SERVICES=true says so (benchmarks of built apps)', () => {
      expect(production({ ALLOW_LOCAL_SERVICES: 'true' })()).toMatchObject({ endpoint: LOCAL_DYNAMODB_ENDPOINT });
    });
  });

  it('stops at boot on a bad table name, naming the variable', () => {
    process.env.DDB_TABLE_NAME = 'no spaces allowed';
    expect(() => ddbConfig()).toThrow(/DDB_TABLE_NAME/);
  });
});
