export { createCognitoClient } from './client';
export { cognitoConfig, LOCAL_COGNITO_ENDPOINT, localCognitoIdsFile, type CognitoOptions } from './cognito.config';
export { LIST_USERS_PAGE_SIZE, listAllUsers, toCognitoUser, type CognitoUser } from './directory';
export { signIn } from './sign-in';
