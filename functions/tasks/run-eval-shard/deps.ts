/** RunEvalShard's production dependencies, built once per cold start from the function's environment. */
import { lambdaClient, s3Client } from '../../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_JUDGE_MODEL_ID, simulatedJudge } from '../../../evals/engine/judge';
import type { JudgeModel } from '../../../evals/engine/types';
import { BedrockJudge } from '../../adapters/aws/bedrock-judge';
import { LambdaAppInvoker } from '../../adapters/aws/lambda-app-invoker';
import { S3ReportStore } from '../../adapters/aws/s3-report-store';
import type { EvalShardDeps } from '../../release/eval-shard';
import { readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface RunEvalShardTaskDeps extends EvalShardDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): RunEvalShardTaskDeps {
  const config = readEnv(TASK_ENV.runEvalShard, env);
  return {
    logger: createReleaseLogger(),
    appInvoker: new LambdaAppInvoker(lambdaClient()),
    reportStore: new S3ReportStore(s3Client(), config.EVALGATE_REPORTS_BUCKET),
    suitesDir: config.EVALGATE_SUITES_DIR,
    concurrency: config.EVALGATE_EVAL_CONCURRENCY,
    judge: judgeOf(config.EVALGATE_JUDGE_MODEL_ID ?? DEFAULT_JUDGE_MODEL_ID),
  };
}

/** As in `evalgate eval`: `sim.*` ids grade offline, any other pinned id is a Bedrock model. */
function judgeOf(modelId: string): JudgeModel {
  return modelId.startsWith('sim.') ? simulatedJudge(modelId) : BedrockJudge.withDefaultClient(modelId);
}
