#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { DemoStack } from '../lib/demo-stack';

const app = new App();
new DemoStack(app, 'EvalgateDemo', {
  description: 'evalgate demo: the sample assistant (Lumen Assist) and its eval-gated release pipeline',
});
app.synth();
