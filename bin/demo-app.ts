#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DemoStack } from '../lib/demo/demo-stack';

const app = new App();
new DemoStack(app, 'EvalgateDemo', {
  description: 'evalgate demo: the sample assistant (Lumen Assist) and its eval-gated release pipeline',
});
// Every finding must be acknowledged where it arises, with a reason: an unacknowledged one fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
