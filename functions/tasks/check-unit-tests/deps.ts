/** CheckUnitTests' production dependencies, built once per cold start from the function's environment. */
import { codeBuildClient, s3Client } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AwsTestReportSource } from '../../adapters/aws/aws-test-report-source';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import type { UnitTestDeps } from '../../release/unit-tests';
import { readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface CheckUnitTestsTaskDeps extends UnitTestDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): CheckUnitTestsTaskDeps {
  const config = readEnv(TASK_ENV.checkUnitTests, env);
  return {
    logger: createReleaseLogger(),
    testReports: new AwsTestReportSource(s3Client(), codeBuildClient()),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
  };
}
