export { createCognitoClient } from './client';
export { cognitoConfig, localCognitoIdsFile, type CognitoOptions } from './cognito.config';
export { listAllUsers, type CognitoUser } from './directory';
export { signIn } from './sign-in';
