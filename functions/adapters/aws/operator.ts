/**
 * The AWS adapters the operator CLI (`evalgate release | status | history | abort | pins propose`) works with,
 * built for one deployed pipeline. Here because only functions/adapters/aws imports the SDK.
 */
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AppConfigPinStore, type AppConfigPinStoreIds } from './appconfig-pin-store';
import { dynamoDocumentClient } from './dynamodb-client';
import { DynamoDbReleaseStore } from './dynamodb-release-store';
import { LambdaAliasRouter } from './lambda-alias-router';
import { StepFunctionsReleaseExecutions } from './release-executions';

export interface OperatorTarget {
  readonly stateMachineArn: string;
  readonly tableName: string;
  readonly appConfig?: AppConfigPinStoreIds;
}

/**
 * @example
 * const { executions, router, releaseStore } = awsOperatorAdapters({ stateMachineArn, tableName });
 */
export function awsOperatorAdapters(target: OperatorTarget) {
  return {
    executions: new StepFunctionsReleaseExecutions(new SFNClient({}), target.stateMachineArn),
    router: new LambdaAliasRouter(new LambdaClient({})),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), target.tableName),
    ...(target.appConfig ? { pinStore: new AppConfigPinStore(new AppConfigClient({}), target.appConfig) } : {}),
  };
}
