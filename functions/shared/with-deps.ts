/**
 * A task's dependencies with a few replaced, the others read only when used. The AWS world builds each adapter on
 * first use and refuses one its function's environment cannot build (functions/adapters/aws/world.ts), so
 * `{ ...deps, releaseStore }` would build every adapter, and fail on the first this function has no variables for.
 *
 * @example
 * const deps = withDeps(awsWorld(env), { releaseStore: keepingLock(store) }); // nothing else built yet
 */
export function withDeps<T extends object>(deps: T, overrides: Partial<T>): T {
  return new Proxy(deps, {
    get: (target, property, receiver) => (Object.hasOwn(overrides, property) ? (overrides as Record<PropertyKey, unknown>)[property] : Reflect.get(target, property, receiver)),
    has: (target, property) => Object.hasOwn(overrides, property) || Reflect.has(target, property),
  });
}
