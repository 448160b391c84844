import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addMessagingStack } from '../lib/cruddur-app';

const templates = new Map<string, Template>();

/**
 * The stack's template for a context, synthesized once per test process. Asset bundling is skipped
 * (the Lambda bundle is built and checked by `cdk synth` in `npm run infra:check`), so the
 * assertions stay fast and do not depend on the apps' build.
 */
export function synthesized(context: Record<string, string> = {}): Template {
  const key = JSON.stringify(context);
  let template = templates.get(key);
  if (!template) {
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    template = Template.fromStack(addMessagingStack(app));
    templates.set(key, template);
  }
  return template;
}

/** Every resource of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties?: Record<string, unknown> }> {
  return template.findResources(type) as Record<string, { Properties?: Record<string, unknown> }>;
}
