/**
 * aws-sdk-client-mock's `mockClient(Class)` stubs the class's prototype: every client of the class, in every test
 * file that shares the worker (the unit project runs with `isolate: false`), until it is restored. This restores it
 * after the file that made it, so no other file meets the stub: the contract tests' real adapters over dynalite and
 * s3rver least of all (test/contracts).
 *
 * @example
 * const lambda = mockSdkClient(LambdaClient); // as mockClient, restored after this file
 */
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll } from 'vitest';

export const mockSdkClient = ((client: Parameters<typeof mockClient>[0]) => {
  const mock = mockClient(client);
  afterAll(() => mock.restore());
  return mock;
}) as typeof mockClient;
