import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { AppService, type AppServiceProps, tcpProbe } from './app-service';

export const USERS_PORT = 4568;

/**
 * The users service: private, no load balancer, found by DNS (`users.<namespace>`), reachable on its
 * TCP port only from the security groups given to allowFrom (the apps and the ops task). Its
 * transport also requires USERS_TRANSPORT_SECRET (docs/design.md §10), so reaching the port is not enough.
 */
export class UsersService extends Construct {
  readonly app: AppService;

  constructor(
    scope: Construct,
    id: string,
    props: Omit<AppServiceProps, 'name' | 'port' | 'healthCheckCommand' | 'cloudMap' | 'desiredCount' | 'cpu' | 'memoryLimitMiB'> & {
      namespace: servicediscovery.INamespace;
    },
  ) {
    super(scope, id);
    this.app = new AppService(this, 'App', {
      ...props,
      name: 'users',
      port: USERS_PORT,
      desiredCount: 2,
      cpu: 256,
      memoryLimitMiB: 512,
      environment: { ...props.environment, USERS_HOST: '0.0.0.0' },
      healthCheckCommand: tcpProbe(USERS_PORT),
      cloudMap: { name: 'users', cloudMapNamespace: props.namespace },
    });
  }

  allowFrom(peer: ec2.ISecurityGroup, description: string): void {
    this.app.securityGroup.addIngressRule(peer, ec2.Port.tcp(USERS_PORT), description);
  }
}
