export { createCognitoClient } from './client';
export { cognitoConfig, LOCAL_COGNITO_ENDPOINT, localCognitoIdsFile, type CognitoOptions } from './cognito.config';
export { LIST_USERS_PAGE_SIZE, listAllUsers, toCognitoUser, type CognitoUser } from './directory';
export { startCognitoLocal, type LocalCognito, type LocalCognitoOptions } from './local/cognito-local';
export { DEVELOPMENT_PASSWORD, setupPool, type PoolPerson, type PoolSetup } from './local/setup-pool';
export { signIn } from './sign-in';
