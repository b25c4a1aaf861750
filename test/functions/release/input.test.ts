import { describe, expect, it } from 'vitest';
import { parseReleaseInput } from '../../../functions/release/input';
import { InvalidReleaseInputError } from '../../../functions/shared/errors';

const target = { functionName: 'assistant' };
const withCandidate = (candidate: unknown) => ({ target, candidate, change: { source: 'appconfig' } });

describe('parseReleaseInput', () => {
  it.each([
    ['a published version', { version: '7' }],
    ['a model-pin change', { modelPins: { configurationVersion: '3' } }],
    ['a model-pin change the AppConfig trigger started', { modelPins: { configurationVersion: '3', previousConfigurationVersion: '2' } }],
  ])('accepts %s, the alias defaulting to live', (_name, candidate) => {
    // Act
    const input = parseReleaseInput(withCandidate(candidate));

    // Assess
    expect(input).toEqual({ target: { functionName: 'assistant', alias: 'live' }, candidate, change: { source: 'appconfig' } });
  });

  it.each([
    [{ modelPins: { configurationVersion: 'latest' } }, 'candidate.modelPins.configurationVersion: modelPins.configurationVersion must be a hosted configuration version number'],
    [
      { modelPins: { configurationVersion: '3', previousConfigurationVersion: '0' } },
      'candidate.modelPins.previousConfigurationVersion: modelPins.previousConfigurationVersion must be a hosted configuration version number (the one AppConfig served before)',
    ],
    [{ modelPins: { configurationVersion: '3', previous: '2' } }, 'candidate.modelPins: Unrecognized key: "previous"'],
    [{ version: '$LATEST' }, 'candidate.version: candidate.version must be a published version number such as "7" ($LATEST is never released)'],
    [{}, 'candidate: candidate must be { version: "N" } or { modelPins: { configurationVersion: "N", previousConfigurationVersion?: "M" } }'],
  ])('fails on candidate %j, naming the field', (candidate, problem) => {
    // Act
    const act = () => parseReleaseInput(withCandidate(candidate));

    // Assess
    expect(act).toThrow(new InvalidReleaseInputError(`invalid release input: ${problem}`));
  });

  it.each([
    ['a name', 'assistant'],
    ['a partial ARN', '123456789012:function:assistant'],
    ['a full ARN', 'arn:aws:lambda:eu-west-1:123456789012:function:assistant'],
    ['a GovCloud ARN', 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:assistant'],
  ])('takes the function as %s, as Lambda does, and keeps its name (metrics, the lock and records use it)', (_, functionName) => {
    expect(parseReleaseInput({ ...withCandidate({ version: '7' }), target: { functionName } }).target).toEqual({ functionName: 'assistant', alias: 'live' });
  });

  it.each([
    ['a qualified ARN', 'arn:aws:lambda:eu-west-1:123456789012:function:assistant:live'],
    ['a name with a qualifier', 'assistant:7'],
    ['a name too long', 'a'.repeat(65)],
    ['characters Lambda refuses', 'my assistant'],
    ['an ARN of another service', 'arn:aws:states:eu-west-1:123456789012:stateMachine:release'],
  ])('fails on %s, naming the field and the forms allowed', (_, functionName) => {
    const act = () => parseReleaseInput({ ...withCandidate({ version: '7' }), target: { functionName } });
    expect(act).toThrow(InvalidReleaseInputError);
    expect(act).toThrow(/target\.functionName: functionName must be a Lambda function name \(1-64 letters, digits, - or _\) or its ARN, without a version or alias/);
  });
});
