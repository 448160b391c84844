// What verifying Cognito tokens needs: the pool's settings. The Cognito Identity Provider API
// client (the AWS SDK's, a few MiB of heap once loaded) is a separate entry, `@app/cognito/api`,
// so messages-api, which only verifies tokens, never loads it.
export { cognitoConfig, localCognitoIdsFile, type CognitoOptions } from './cognito.config';
