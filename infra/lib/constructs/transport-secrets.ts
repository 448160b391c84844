import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The internal transports' shared secrets (USERS_TRANSPORT_SECRET, EVENTS_TRANSPORT_SECRET), made by
 * Secrets Manager at deploy time: 64 characters, never in the template or in a task's plain environment.
 */
export class TransportSecrets extends Construct {
  readonly users: secretsmanager.Secret;
  readonly events: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const generated = (secretId: string, description: string) =>
      new secretsmanager.Secret(this, secretId, {
        description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });
    this.users = generated('UsersTransport', 'USERS_TRANSPORT_SECRET: the users service and its clients');
    this.events = generated('EventsTransport', 'EVENTS_TRANSPORT_SECRET: messages-api and the stream-worker');
  }
}
