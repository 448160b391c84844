import type { App } from 'aws-cdk-lib';
import { MessagingStack, type StreamConsumer } from './messaging-stack';

export const STACK_NAME = 'CruddurMessaging';

/**
 * Adds the stack to an app from its context (what `-c key=value` sets):
 *   streamConsumer=lambda|service   pattern E on a Lambda mapping (default) or the stream-worker service
 *   frontendUrl=https://...         the frontend origin allowed by CORS
 *   certificateArn=arn:aws:acm:...  HTTPS on the load balancer
 *   alarmEmail=ops@example.com      subscribe an address to the alarms
 *   tableName=...                   the messaging table (default cruddur-messages)
 */
export function addMessagingStack(app: App): MessagingStack {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const streamConsumer = context('streamConsumer') ?? 'lambda';
  if (streamConsumer !== 'lambda' && streamConsumer !== 'service') {
    throw new Error(`-c streamConsumer must be lambda or service, not ${streamConsumer}`);
  }
  return new MessagingStack(app, STACK_NAME, {
    description: 'Cruddur Messaging: messages-api, users, pattern E, DynamoDB, Postgres, Redis, Cognito',
    streamConsumer: streamConsumer as StreamConsumer,
    tableName: context('tableName') ?? 'cruddur-messages',
    frontendUrl: context('frontendUrl') ?? 'https://cruddur.example.com',
    certificateArn: context('certificateArn'),
    alarmEmail: context('alarmEmail'),
  });
}
