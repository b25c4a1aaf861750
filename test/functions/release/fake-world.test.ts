import { beforeEach, describe, expect, it } from 'vitest';
import type { AliasRouting } from '../../../functions/ports/traffic-router';
import { ALIAS, fakeWorld, FUNCTION, versionOf, type FakeWorld } from '../../helpers/fakes';

const TARGET = { functionName: FUNCTION, alias: ALIAS };

/** The fakes stand in for AWS in every release test: they must refuse what AWS refuses. */
describe('fake world', () => {
  let world: FakeWorld;

  beforeEach(() => {
    world = fakeWorld();
    world.registry.add(versionOf('6'));
    world.registry.add(versionOf('7'));
  });

  it.each<[string, AliasRouting, string]>([
    ['$LATEST as primary', { version: '$LATEST', additionalWeights: {} }, '$LATEST cannot be routed'],
    ['$LATEST as additional version', { version: '5', additionalWeights: { $LATEST: 0.1 } }, '$LATEST cannot be routed'],
    ['two additional versions', { version: '5', additionalWeights: { '6': 0.1, '7': 0.1 } }, 'at most one additional version'],
    ['a weight above 1', { version: '5', additionalWeights: { '6': 1.5 } }, 'weight 1.5 is outside [0, 1]'],
    ['a negative weight', { version: '5', additionalWeights: { '6': -0.1 } }, 'weight -0.1 is outside [0, 1]'],
    ['the primary as additional version', { version: '5', additionalWeights: { '5': 0.1 } }, 'additional version equals the primary version'],
    ['a version that does not exist', { version: '9', additionalWeights: {} }, 'assistant has no version 9'],
  ])('the router refuses %s, as Lambda does', (_name, routing, message) => {
    // Act
    const act = () => world.router.setAlias(TARGET, routing);

    // Assess
    expect(act).toThrow(message);
  });

  it.each([
    ['held and unexpired', '2025-01-01T10:30:00Z', 'rel-0', { acquired: false, heldBy: 'rel-0' }],
    ['held but expired', '2025-01-01T09:30:00Z', 'rel-0', { acquired: true }],
    ['held by the same release', '2025-01-01T10:30:00Z', 'rel-1', { acquired: true }],
  ])('the release store lock, %s', async (_name, expiresAt, holder, result) => {
    // Prepare
    await world.releaseStore.acquireLock('k', holder, new Date(expiresAt));

    // Act
    const lock = await world.releaseStore.acquireLock('k', 'rel-1', new Date('2025-01-01T11:00:00Z'));

    // Assess
    expect(lock).toEqual(result);
  });

  it('the release store frees a lock only for its holder', async () => {
    // Prepare
    await world.releaseStore.acquireLock('k', 'rel-0', new Date('2025-01-01T11:00:00Z'));

    // Act
    await world.releaseStore.releaseLock('k', 'rel-1');

    // Assess
    expect(world.releaseStore.locks.get('k')?.releaseId).toBe('rel-0');
  });

  it('a failure injected once fails one call only', async () => {
    // Prepare
    world.notifier.failNext('notify', new Error('down'));

    // Act
    const first = world.notifier.notify('a', {});
    const second = world.notifier.notify('b', {});

    // Assess
    await expect(first).rejects.toThrow('down');
    await expect(second).resolves.toBeUndefined();
    expect(world.notifier.messages.map((m) => m.subject)).toEqual(['b']);
  });
});
