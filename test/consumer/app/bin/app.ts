#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FaqStack } from '../lib/faq-stack';

const app = new cdk.App();
new FaqStack(app, 'FaqStack', {
  /* If you don't specify 'env', this stack will be environment-agnostic.
   * Account/Region-dependent features and context lookups will not work,
   * but a single synthesized template can be deployed anywhere. */
});
// Every cdk-nag finding must be acknowledged where it arises: an unacknowledged one fails `cdk synth`.
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
