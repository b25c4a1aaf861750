import { describe, expect, it } from 'vitest';
import { composeConversation } from '../../../functions/sample-assistant/compose';
import { GOOD, REGRESSED, simulated } from './helpers';

describe('SimulatedProvider', () => {
  it('reports usage, simulated latency and cost like a hosted model', async () => {
    // Prepare
    const request = composeConversation({ intent: 'translate', text: 'Hello', language: 'French' });

    // Act
    const result = await simulated(GOOD).converse(request);

    // Assess
    const inputTokens = Math.ceil(request.system.length / 4) + Math.ceil(request.prompt.length / 4);
    expect(result.text).toBe('Bonjour');
    expect(result.usage).toEqual({ inputTokens, outputTokens: 2 });
    expect(result.latencyMs).toBe(250 + 6 * 2);
    expect(result.costUsd).toBeCloseTo((inputTokens * 0.0008 + 2 * 0.004) / 1000, 10);
  });

  it('prices each snapshot from its own table', async () => {
    // Prepare
    const request = composeConversation({ intent: 'translate', text: 'Hello', language: 'French' });

    // Act
    const [good, regressed] = await Promise.all([simulated(GOOD).converse(request), simulated(REGRESSED).converse(request)]);

    // Assess
    expect(regressed.costUsd).toBeLessThan(good.costUsd);
  });

  it('works out the task from the instructions of any prompt', async () => {
    // Prepare
    const prompt = 'Please translate the customer note into German. Output only the translation.\n\n<text>\nThank you\n</text>';

    // Act
    const result = await simulated(GOOD).converse({ system: 'You are helpful.', prompt, maxTokens: 50, temperature: 0 });

    // Assess
    expect(result.text).toBe('Danke');
  });

  it('answers a bare question it has no knowledge for honestly', async () => {
    // Act
    const result = await simulated(GOOD).converse({ system: 'You are helpful.', prompt: 'How do I change my avatar?', maxTokens: 50, temperature: 0 });

    // Assess
    expect(result.text).toMatch(/don't have information about that/);
  });
});
