import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export const DATABASE_NAME = 'cruddur';
export const DATABASE_USER = 'cruddur';

/**
 * The users service's Postgres: RDS in the isolated subnets, not publicly accessible, encrypted,
 * its credentials generated into Secrets Manager. Only security groups given to allowFrom reach it.
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: { vpc: ec2.IVpc }) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Postgres: reachable from the users service and the ops task only',
      allowAllOutbound: false,
    });
    this.instance = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      backupRetention: Duration.days(7),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      multiAz: false,
    });
  }

  /** The generated credentials (JSON: username, password, host, port, dbname). */
  get secret(): secretsmanager.ISecret {
    if (!this.instance.secret) throw new Error('the database has no generated secret');
    return this.instance.secret;
  }

  /**
   * DATABASE_URL without the password (`pg` reads PGPASSWORD, given from the secret). TLS without CA
   * verification: RDS enforces TLS, and Node does not trust the RDS CA unless its bundle is added.
   */
  get url(): string {
    return `postgres://${DATABASE_USER}@${this.instance.dbInstanceEndpointAddress}:${this.instance.dbInstanceEndpointPort}/${DATABASE_NAME}?sslmode=no-verify`;
  }

  allowFrom(peer: ec2.ISecurityGroup, description: string): void {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(5432), description);
  }
}
