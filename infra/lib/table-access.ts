import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

/** What the apps do to items: reads, queries, and the conditional writes and transactions of libs/ddb. */
export const ITEM_READ_WRITE = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

/** Reading the table's stream: shards, iterators, records (ListStreams is never needed: the ARN is known). */
export const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'];

/**
 * Grants the named actions on a table and its indexes only: explicit actions, explicit ARNs, where
 * CDK's grant helpers would add `dynamodb:ListStreams` on `*` for stream readers.
 */
export function grantTable(principal: iam.IGrantable, table: dynamodb.ITable, actions: string[]): void {
  principal.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions, resources: [table.tableArn, `${table.tableArn}/index/*`] }),
  );
}

/** Grants reading the table's current stream, by its ARN. */
export function grantStreamRead(principal: iam.IGrantable, table: dynamodb.ITable): void {
  if (!table.tableStreamArn) throw new Error('the table has no stream');
  principal.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: STREAM_READ, resources: [table.tableStreamArn] }));
}
