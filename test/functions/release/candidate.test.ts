import { beforeEach, describe, expect, it } from 'vitest';
import { resolveCandidate } from '../../../functions/release/candidate';
import { RELEASE_ENV } from '../../../functions/runtime/release-env';
import { fakeWorld, GOOD_MODEL, NEW_MODEL, STABLE, versionOf, type FakeWorld } from '../../helpers/fakes';

describe('resolveCandidate of a model-pin change', () => {
  let world: FakeWorld;

  beforeEach(() => {
    world = fakeWorld();
  });

  it.each([
    ['the live version\'s configuration over the one AppConfig served before', STABLE, '1', '2'],
    ['what AppConfig served before when the live version predates pin tracking', versionOf('5', { environment: { [RELEASE_ENV.pinsVersion]: undefined } }), '1', '1'],
    ['nothing when neither is known', versionOf('5', { environment: { [RELEASE_ENV.pinsVersion]: undefined } }), undefined, undefined],
  ])('returns to %s', async (_name, stable, before, expected) => {
    // Act
    const candidate = await resolveCandidate({ modelPins: { configurationVersion: '3', ...(before === undefined ? {} : { previousConfigurationVersion: before }) } }, stable, world);

    // Assess
    expect(candidate.pins).toEqual({
      configurationVersion: '3',
      ...(expected === undefined ? {} : { previousConfigurationVersion: expected }),
      proposed: { modelId: NEW_MODEL, fallbackModelId: GOOD_MODEL },
      previous: { modelId: GOOD_MODEL },
    });
  });
});
