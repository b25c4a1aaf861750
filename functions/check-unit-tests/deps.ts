/** CheckUnitTests' production dependencies, built once per cold start from the function's environment. */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AwsTestReportSource } from '../adapters/aws/aws-test-report-source';
import { DynamoDbReleaseStore } from '../adapters/aws/dynamodb-release-store';
import type { UnitTestDeps } from '../release/unit-tests';
import { readEnv, TASK_ENV } from '../shared/env';
import { createReleaseLogger } from '../shared/middleware';

export interface CheckUnitTestsTaskDeps extends UnitTestDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): CheckUnitTestsTaskDeps {
  const config = readEnv(TASK_ENV.checkUnitTests, env);
  return {
    logger: createReleaseLogger(),
    testReports: new AwsTestReportSource(new S3Client({}), new CodeBuildClient({})),
    releaseStore: new DynamoDbReleaseStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), config.EVALGATE_TABLE_NAME),
  };
}
