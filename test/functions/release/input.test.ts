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
});
