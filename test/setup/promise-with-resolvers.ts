/**
 * aws-local-stepfunctions calls Promise.withResolvers (Node 22). On Node 20 every Task would fail without it, and
 * a States.ALL Catch would hide why (TOOLCHAIN.md), so the polyfill is installed for every test file.
 */
const promise = Promise as unknown as { withResolvers?: <T>() => { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } };
promise.withResolvers ??= <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const created = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise: created, resolve, reject };
};
