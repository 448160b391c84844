// The Cognito Identity Provider API: the users service's directory sync, the ops commands and the tests.
export { createCognitoClient } from './client';
export { listAllUsers, type CognitoUser } from './directory';
export { signIn } from './sign-in';
