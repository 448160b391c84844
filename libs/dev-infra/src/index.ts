export { appFleet, type AppFleet, type AppLaunchOptions } from './app-fleet';
export {
  APP_NAMES,
  BUILT_APP_ENV,
  BUILT_APP_NODE_FLAGS,
  builtCommand,
  startApp,
  type AppName,
  type AppOutput,
  type AppProcess,
} from './app-process';
export { assertPortFree, findFreePort, ownChildProcess, stopChildProcess, waitForHttp, waitForTcp } from './child-processes';
export { startCognitoLocal, type LocalCognito, type LocalCognitoOptions } from './cognito-local';
export { assertJava, startDynamoDbLocal, type LocalDynamoDb, type LocalDynamoDbOptions } from './dynamodb-local';
export { startLocalSystem, type LocalSystem, type LocalSystemApps, type LocalSystemOptions } from './local-system';
export { prefixLines } from './prefix-lines';
export { runCommand, type RunCommandOptions } from './run-command';
export { seedConversation, type SeedReport } from './seed-conversation';
export { SEED_PEOPLE, type SeedHandle } from './seed-people';
export { DEVELOPMENT_PASSWORD, setupPool, type PoolPerson, type PoolSetup } from './setup-pool';
export { createMessagingTable, deleteTable, listTableNames } from './tables';
export { waitUntil, type WaitUntilOptions } from './wait-until';
