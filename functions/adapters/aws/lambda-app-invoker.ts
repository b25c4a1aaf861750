/**
 * Eval targets for versions of the app under release: each version is invoked directly by its number, so the
 * eval of a candidate never reaches the alias and never shifts or sees live traffic.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Target } from '../../../evals/engine/types';
import type { AppInvoker } from '../../ports/app-invoker';
import { LambdaTarget } from './lambda-target';

/**
 * @example
 * const invoker = new LambdaAppInvoker(new LambdaClient({}));
 * const candidate = invoker.target('assistant', '8'); // spec 'lambda:assistant:8'
 */
export class LambdaAppInvoker implements AppInvoker {
  constructor(private readonly client: LambdaClient) {}

  target(functionName: string, version: string): Target {
    return new LambdaTarget(`lambda:${functionName}:${version}`, this.client, functionName, version);
  }
}
