/**
 * The integ app's entry: what `cdk deploy` runs in `npm run test:integ` (and integ-runner, once it reads the cloud
 * assemblies of this aws-cdk-lib). The app itself is in release-app.ts; INTEG_CONTEXT is the context integ-runner
 * synthesizes with, so a deploy is of the app the committed snapshot (integ.release.ts.snapshot/) shows.
 */
import { App } from 'aws-cdk-lib';
import { releaseIntegApp } from './release-app';
import { INTEG_CONTEXT } from './context';

const app = new App({ context: INTEG_CONTEXT });
releaseIntegApp(app);
app.synth();
