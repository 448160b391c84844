/**
 * A crash at the worst moment of a send, done to a messages-api child process from outside it:
 * preloaded, this file wraps the DynamoDB document client so the process SIGKILLs itself as soon as
 * DynamoDB confirms a transaction that stored a MSG item, that is after the message is stored and
 * before the send path publishes its live events. Production code carries no hook for it.
 *
 * Preload it with NODE_OPTIONS=`--require @swc-node/register --require <this file>` (NODE_OPTIONS'
 * requires run before the command line's, so the TypeScript loader comes first). Never import it
 * into a test process: loading it arms it.
 */
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/** The entity attribute of a MSG item (libs/ddb). */
const MESSAGE_ENTITY = 'MSG';

function storesMessage(command: unknown): boolean {
  return (
    command instanceof TransactWriteCommand && (command.input.TransactItems ?? []).some((item) => item.Put?.Item?.entity === MESSAGE_ENTITY)
  );
}

type Send = (this: DynamoDBDocumentClient, command: unknown, ...rest: unknown[]) => Promise<unknown>;
const send = DynamoDBDocumentClient.prototype.send as unknown as Send;

DynamoDBDocumentClient.prototype.send = async function (
  this: DynamoDBDocumentClient,
  command: unknown,
  ...rest: unknown[]
): Promise<unknown> {
  const output = await send.call(this, command, ...rest);
  if (storesMessage(command)) process.kill(process.pid, 'SIGKILL');
  return output;
} as unknown as DynamoDBDocumentClient['send'];
