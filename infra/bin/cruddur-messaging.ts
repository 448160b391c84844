import { App } from 'aws-cdk-lib';
import { addMessagingStack } from '../lib/cruddur-app';

// Environment-agnostic (no account or region, no context lookups): `cdk synth` needs no AWS
// credentials; `cdk deploy` takes them from the usual AWS profile or variables.
addMessagingStack(new App());
