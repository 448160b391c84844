import { cognitoConfig, LOCAL_COGNITO_ENDPOINT } from './cognito.config';

describe('cognitoConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const withEnv = (variables: Record<string, string>) => {
    for (const name of ['NODE_ENV', 'COGNITO_ENDPOINT', 'COGNITO_USER_POOL_ID', 'ALLOW_LOCAL_SERVICES']) delete process.env[name];
    Object.assign(process.env, variables);
    return () => cognitoConfig();
  };

  it('defaults to the local emulator outside production', () => {
    expect(withEnv({ NODE_ENV: 'development', COGNITO_USER_POOL_ID: 'local_Pool1' })()).toMatchObject({
      endpoint: LOCAL_COGNITO_ENDPOINT,
      issuer: `${LOCAL_COGNITO_ENDPOINT}/local_Pool1`,
    });
  });

  it('stops a production app when COGNITO_ENDPOINT is unset (it would trust the emulator’s tokens)', () => {
    expect(withEnv({ NODE_ENV: 'production', COGNITO_USER_POOL_ID: 'us-east-1_AbC123' })).toThrow(
      /COGNITO_ENDPOINT: unset means the local emulator/,
    );
  });

  it.each(['http://127.0.0.1:9229', 'http://localhost:9229'])('stops a production app on a local endpoint and issuer (%s)', (endpoint) => {
    expect(withEnv({ NODE_ENV: 'production', COGNITO_ENDPOINT: endpoint })).toThrow(/COGNITO_ENDPOINT: .* is this machine/);
  });

  it('uses AWS’s issuer in production when COGNITO_ENDPOINT is empty', () => {
    expect(
      withEnv({ NODE_ENV: 'production', COGNITO_ENDPOINT: '', AWS_REGION: 'eu-west-1', COGNITO_USER_POOL_ID: 'eu-west-1_AbC123' })(),
    ).toMatchObject({
      endpoint: undefined,
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    });
  });
});
