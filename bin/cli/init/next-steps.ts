/** What `evalgate init` prints once the files are written: the two pieces of code to add and the commands to run. */
export const NEXT_STEPS = `Next steps

1. Release your function through the eval gate (in your CDK stack):

   import { EvalGatedRelease } from 'evalgate';
   new EvalGatedRelease(this, 'Release', {
     target: fn,                                   // your lambda.Function
     suitesDir: 'evals/suites', policyFile: 'evals/policy.yaml',
     modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18' } },
   });

2. Score live traffic during the canary (in your handler):

   import middy from '@middy/core';
   import { liveScore } from 'evalgate/runtime';
   export const handler = middy(answer).use(liveScore());

   Read the pinned model with readReleaseEnv() from 'evalgate/runtime' (EVALGATE_MODEL_ID and
   EVALGATE_FALLBACK_MODEL_ID), never from a constant: evalgate sets them on every version it releases.

3. Run:

   npx evalgate eval --suite starter --target module:src/handler.ts --model gpt-4o-2024-11-20
                                      # the starter suite against your handler, on that pinned model
   npx cdk synth                      # the release pipeline in your stack
   npx evalgate simulate --junit reports/junit.xml
                                      # a release on the local stage, no AWS (your unit tests' JUnit report
                                      # is the evidence CheckUnitTests asks for)
`;
