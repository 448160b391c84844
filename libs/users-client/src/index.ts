export * from './users.contract';
