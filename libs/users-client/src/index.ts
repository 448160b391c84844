export * from './users.contract';
export { UsersClientModule } from './users-client.module';
export { HandleTakenError, UserNotFoundError, UsersRequestError, UsersUnavailableError } from './users-client.errors';
export { UsersClient } from './users.client';
export { usersClientConfig } from './users-client.config';
export { usersClientOptions } from './users-client-options';
