// The Cognito Identity Provider API (the AWS SDK's client): the users service's directory sync,
// the ops commands and the tests. Apart from @app/cognito (the pool's settings, all that verifying
// tokens needs), so messages-api never loads it.
export { createCognitoClient } from './client';
export { listAllUsers, type CognitoUser } from './directory';
export { signIn } from './sign-in';
