import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A document client that answers like a throttled table for the commands `matches` picks, while `active()`. */
export interface ThrottledClient {
  doc: DynamoDBDocumentClient;
  /** Starts refusing matching commands for `ms`. */
  throttleFor(ms: number): void;
  active(): boolean;
  /** Matching commands refused so far. */
  refusals(): number;
}

/**
 * Wraps the real DynamoDB Local document client: while throttling, a command whose input mentions
 * `needle` (a group's uuid, say) fails exactly as DynamoDB fails it when a partition is over its
 * capacity; every other command, and every command once the window closes, goes through for real.
 */
export function throttledClient(real: DynamoDBDocumentClient, needle: string): ThrottledClient {
  let until = 0;
  let refusals = 0;
  const send = async (command: { input: unknown }, ...rest: unknown[]) => {
    if (Date.now() < until && JSON.stringify(command.input).includes(needle)) {
      refusals += 1;
      throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return (real.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  };
  const doc = new Proxy(real, { get: (target, key, receiver) => (key === 'send' ? send : Reflect.get(target, key, receiver)) });
  return {
    doc,
    throttleFor: (ms) => (until = Date.now() + ms),
    active: () => Date.now() < until,
    refusals: () => refusals,
  };
}
