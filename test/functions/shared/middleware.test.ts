import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidReleaseInputError, TransientReleaseError } from '../../../functions/shared/errors';
import { createReleaseLogger, releaseTaskChain } from '../../../functions/shared/middleware';
import { captureLogs, lambdaContext } from '../../helpers/fakes/lambda';

const SECRET = 'Hunter2-password';
const schema = z.object({ name: z.string(), count: z.number().int() });
const task = (run: (event: z.output<typeof schema>) => Promise<unknown>) =>
  middy(run).use(releaseTaskChain({ task: 'Demo', schema, logger: createReleaseLogger() }));

describe('releaseTaskChain', () => {
  let logs: ReturnType<typeof captureLogs>;

  beforeEach(() => {
    logs = captureLogs();
  });

  afterEach(() => logs.restore());

  it('hands the parsed event to the handler and logs nothing on success, the event least of all', async () => {
    // Act
    const result = await task(async (event) => event.count + 1)({ name: SECRET, count: 1, extra: true } as never, lambdaContext());

    // Assess
    expect(result).toBe(2);
    expect(logs.text()).toBe('');
  });

  it('turns a schema failure into InvalidReleaseInputError naming every field, without their values', async () => {
    // Act
    const act = task(async () => 'unreachable')({ name: 42, count: SECRET } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(
      new InvalidReleaseInputError('invalid Demo event: name: Invalid input: expected string, received number; count: Invalid input: expected number, received string'),
    );
    expect(logs.text()).not.toContain(SECRET);
  });

  it('passes a use case error through unchanged and logs its name and message only', async () => {
    // Prepare
    const failure = new TransientReleaseError('throttled', { cause: { payload: SECRET } });

    // Act
    await expect(task(async () => Promise.reject(failure))({ name: 'n', count: 1 }, lambdaContext())).rejects.toBe(failure);

    // Assess
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'Demo failed', errorName: 'TransientReleaseError', errorMessage: 'throttled', function_name: 'evalgate-task' }),
    ]);
    expect(logs.text()).not.toContain(SECRET);
  });
});
