// What verifying Cognito tokens needs: the pool's settings. The Identity Provider API client is
// @app/cognito-api, which messages-api does not load (the SDK client is a few MiB of heap).
export { cognitoConfig, localCognitoIdsFile, type CognitoOptions } from './cognito.config';
