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

  it('stops at boot on a bad table name, naming the variable', () => {
    process.env.DDB_TABLE_NAME = 'no spaces allowed';
    expect(() => ddbConfig()).toThrow(/DDB_TABLE_NAME/);
  });
});
