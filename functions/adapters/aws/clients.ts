/**
 * The SDK clients the task functions' adapters are built with. Kept here so that only functions/adapters/aws
 * imports the AWS SDK; the task's deps.ts files wire adapters to these. Named exports, so each bundle keeps only
 * the clients its task uses (the client packages declare no side effects). The DynamoDB document client lives in
 * dynamodb-client.ts: lib-dynamodb declares none, so importing it from here would put it in every bundle.
 */
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';

export const appConfigClient = () => new AppConfigClient({});
export const cloudWatchClient = () => new CloudWatchClient({});
export const codeBuildClient = () => new CodeBuildClient({});
export const lambdaClient = () => new LambdaClient({});
export const s3Client = () => new S3Client({});
export const sfnClient = () => new SFNClient({});
export const snsClient = () => new SNSClient({});
