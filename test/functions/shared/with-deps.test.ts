import { describe, expect, it } from 'vitest';
import { withDeps } from '../../../functions/shared/with-deps';

/** A world like the AWS one: each adapter built on first read, and one the function's environment cannot build. */
function lazyWorld(built: string[]) {
  return {
    get releaseStore() {
      built.push('releaseStore');
      return 'dynamodb';
    },
    get reportStore(): string {
      throw new Error('EVALGATE_REPORTS_BUCKET: is required by the report store');
    },
  };
}

describe('withDeps', () => {
  it('replaces what it is given and builds nothing else until it is read', () => {
    // Prepare
    const built: string[] = [];

    // Act
    const deps = withDeps(lazyWorld(built), { reportStore: 'kept' });

    // Assess
    expect(built).toEqual([]);
    expect(deps.reportStore).toBe('kept');
    expect(deps.releaseStore).toBe('dynamodb');
    expect(built).toEqual(['releaseStore']);
  });

  it('adds what the world does not have, as a spread would', () => {
    const deps = withDeps<{ releaseStore: string; remainingMs?: () => number }>(lazyWorld([]), { remainingMs: () => 5 });
    expect(deps.remainingMs?.()).toBe(5);
    expect('remainingMs' in deps).toBe(true);
  });

  it('is what a spread of the lazy world is not: usable by a function that cannot build every adapter', () => {
    expect(() => ({ ...lazyWorld([]) })).toThrow('EVALGATE_REPORTS_BUCKET');
    expect(() => withDeps(lazyWorld([]), {})).not.toThrow();
  });
});
