import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../functions/sample-assistant/errors';
import { MAX_INPUT_CHARS, parseEvent } from '../../../functions/sample-assistant/event';

describe('parseEvent', () => {
  it('accepts the contract, keeping unknown vars', () => {
    // Act
    const request = parseEvent({ input: 'Hello', vars: { task: 'general', expected: 'x' }, caseId: 'q-1' });

    // Assess
    expect(request).toEqual({ input: 'Hello', vars: { task: 'general', expected: 'x' }, caseId: 'q-1' });
  });

  it.each([
    [{}, 'input'],
    [{ input: 42 }, 'input'],
    [{ input: 'x'.repeat(MAX_INPUT_CHARS + 1) }, 'input'],
    [{ input: 'Hi', vars: 'summarize' }, 'vars'],
    [{ input: 'Hi', vars: { task: 'poetry' } }, 'vars.task'],
    [{ input: 'Hi', caseId: 7 }, 'caseId'],
    [null, 'event'],
  ])('rejects %j naming %s', (event, field) => {
    // Act
    const parse = () => parseEvent(event);

    // Assess
    expect(parse).toThrow(InvalidRequestError);
    expect(parse).toThrow(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('names the error InvalidRequestError', () => {
    // Act
    const error = (() => {
      try {
        parseEvent({});
      } catch (caught) {
        return caught as Error;
      }
    })();

    // Assess
    expect(error?.name).toBe('InvalidRequestError');
  });
});
