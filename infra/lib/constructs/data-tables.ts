import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { messagingTableDefinition, TIME_TO_LIVE_ATTRIBUTE } from '../../../libs/ddb/src/table.definition';
import { deadLetterTableDefinition, defaultDeadLetterTableName } from '../../../libs/ddb/src/dead-letter-table.definition';
import { defaultLeaseTableName, leaseTableDefinition } from '../../../libs/ddb/src/lease-table.definition';
import { tableShapeFromDefinition } from '../table-from-definition';
import type { Alarms } from './alarms';

export interface DataTablesProps {
  tableName: string;
  /** The stream-worker service keeps leases and checkpoints in a table; the Lambda mapping does not need one. */
  withLeaseTable: boolean;
  alarms: Alarms;
}

/**
 * The messaging table from libs/ddb's own definition (what `npm run ddb -- schema-load` creates),
 * with what only production adds: point-in-time recovery, deletion protection, TTL on the
 * idempotency records, retained on stack deletion. Plus the stream consumer's dead-letter table
 * (both modes dead-letter permanent failures) and, for the service mode, its lease table.
 */
export class DataTables extends Construct {
  readonly table: dynamodb.Table;
  readonly deadLetterTable: dynamodb.Table;
  readonly leaseTable?: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.table = this.tableFrom('Messages', messagingTableDefinition(props.tableName), TIME_TO_LIVE_ATTRIBUTE);
    this.deadLetterTable = this.tableFrom('DeadLetters', deadLetterTableDefinition(defaultDeadLetterTableName(props.tableName)));
    if (props.withLeaseTable) this.leaseTable = this.tableFrom('Leases', leaseTableDefinition(defaultLeaseTableName(props.tableName)));

    // Throttling on an on-demand table means a partition or the account's table quota is the limit.
    for (const kind of ['Read', 'Write'] as const) {
      props.alarms.add(`${kind}Throttles`, {
        metric: this.table.metric(`${kind}ThrottleEvents`, { statistic: 'Sum', period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${kind} requests to ${props.tableName} are being throttled`,
      });
    }
  }

  private tableFrom(id: string, definition: ReturnType<typeof messagingTableDefinition>, timeToLiveAttribute?: string): dynamodb.Table {
    const shape = tableShapeFromDefinition(definition);
    const table = new dynamodb.Table(this, id, {
      tableName: definition.TableName,
      partitionKey: shape.partitionKey,
      sortKey: shape.sortKey,
      billingMode: shape.billingMode,
      stream: shape.stream,
      timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of shape.localSecondaryIndexes) table.addLocalSecondaryIndex(index);
    for (const index of shape.globalSecondaryIndexes) table.addGlobalSecondaryIndex(index);
    return table;
  }
}
