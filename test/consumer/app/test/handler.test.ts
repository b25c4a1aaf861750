import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

describe('FAQ handler', () => {
  let answer: typeof import('../src/handler.js').answer;

  before(async () => {
    // Prepare: the pins EvalGatedRelease sets on every version; the handler reads them at cold start.
    process.env.EVALGATE_MODEL_ID = 'gpt-4o-2024-11-20';
    ({ answer } = await import('../src/handler.js'));
  });

  it('answers from the FAQ, with the model it runs', async () => {
    // Act
    const response = await answer({ input: 'How long does delivery take?' });

    // Assess
    assert.match(response.output, /3 to 5 business days/);
    assert.equal(response.model, 'gpt-4o-2024-11-20');
    assert.ok(response.usage.inputTokens > 0 && response.usage.outputTokens > 0);
  });

  it('falls back outside the FAQ', async () => {
    // Act
    const response = await answer({ input: 'What is the capital of Australia?' });

    // Assess
    assert.match(response.output, /contact support/);
  });
});
