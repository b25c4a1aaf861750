/** The Lambda entry of promote: its handler over the AWS adapters, built from the function's environment at cold start. */
import { awsWorld } from '../../adapters/aws/world';
import { readEnv, TASK_ENV } from '../../shared/env';
import { makeHandler } from './handler';

export const handler = makeHandler(awsWorld(readEnv(TASK_ENV.promote)));
