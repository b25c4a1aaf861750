import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaAppInvoker } from '../../../../functions/adapters/aws/lambda-app-invoker';

const lambda = mockSdkClient(LambdaClient);

describe('LambdaAppInvoker', () => {
  beforeEach(() => lambda.reset());

  it('builds a target that invokes the version by number', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: new TextEncoder().encode('{"output":"ok"}') as never });

    // Act
    const target = new LambdaAppInvoker(new LambdaClient({})).target('assistant', '8');
    const response = await target.invoke({ input: 'hi', vars: {}, caseId: 'c1' }, AbortSignal.timeout(1_000));

    // Assess
    expect(target.spec).toBe('lambda:assistant:8');
    expect(response).toEqual({ output: 'ok' });
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: 'assistant', Qualifier: '8', InvocationType: 'RequestResponse' });
  });
});
