import { ExecutionAlreadyExists, InvalidName, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsReleaseStarter } from '../../../../functions/adapters/aws/step-functions';
import type { ReleaseInput } from '../../../../functions/release/input';

const sfn = mockSdkClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:release';
const starter = () => new StepFunctionsReleaseStarter(new SFNClient({}), STATE_MACHINE);
const input: ReleaseInput = {
  target: { functionName: 'assistant', alias: 'live' },
  candidate: { modelPins: { configurationVersion: '3', previousConfigurationVersion: '2' } },
  change: { source: 'appconfig' },
};
const metadata = { $metadata: {}, message: 'Execution Already Exists' };

describe('StepFunctionsReleaseStarter', () => {
  beforeEach(() => sfn.reset());

  it('starts the named execution with the input as JSON', async () => {
    // Prepare
    const startDate = new Date('2025-01-01T10:00:00Z');
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE.replace('stateMachine', 'execution')}:pins-3-d7`, startDate });

    // Act
    const started = await starter().start('pins-3-d7', input);

    // Assess
    expect(started).toEqual({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:release:pins-3-d7', startDate });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE,
      name: 'pins-3-d7',
      input: '{"target":{"functionName":"assistant","alias":"live"},"candidate":{"modelPins":{"configurationVersion":"3","previousConfigurationVersion":"2"}},"change":{"source":"appconfig"}}',
    });
  });

  it('fails with a named error when the name is taken by an ended execution or another input', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(metadata));

    // Act
    const act = starter().start('pins-3-d7', input);

    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'ReleaseAlreadyStartedError',
      message: 'release pins-3-d7 was not started: an execution of that name has ended or runs another input (Execution Already Exists); start the release under another name',
    });
  });

  it('passes any other failure through unchanged', async () => {
    sfn.on(StartExecutionCommand).rejects(new InvalidName({ $metadata: {}, message: 'bad name' }));
    await expect(starter().start('pins 3', input)).rejects.toMatchObject({ name: 'InvalidName' });
  });
});
