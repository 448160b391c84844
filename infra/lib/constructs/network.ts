import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

/**
 * The VPC: public subnets for the load balancer (and the NAT), private subnets for the services,
 * isolated subnets for Postgres and Redis (no route out at all). DynamoDB is reached through a free
 * gateway endpoint, so table traffic never pays NAT processing. Service discovery for the users
 * service is a private DNS namespace (plain TCP, no Service Connect proxy in the path).
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  readonly namespace: servicediscovery.PrivateDnsNamespace;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'services', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', { name: 'cruddur.internal', vpc: this.vpc });
  }
}
