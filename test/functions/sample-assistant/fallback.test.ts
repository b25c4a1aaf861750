import { describe, expect, it } from 'vitest';
import { answer } from '../../../functions/sample-assistant/assistant';
import { ModelUnavailableError } from '../../../functions/sample-assistant/errors';
import { converseWithFallback } from '../../../functions/sample-assistant/fallback';
import { FakeProvider } from './helpers';

const REQUEST = { system: 's', prompt: 'p', maxTokens: 10, temperature: 0 };
const unavailable = () => new ModelUnavailableError('primary-2024-11-20', 'ThrottlingException');

describe('converseWithFallback', () => {
  it('uses the primary when it answers', async () => {
    // Prepare
    const primary = new FakeProvider('primary-2024-11-20', { text: 'from primary' });
    const fallback = new FakeProvider('fallback-2024-11-20', { text: 'from fallback' });

    // Act
    const answered = await converseWithFallback({ primary, fallback }, REQUEST);

    // Assess
    expect(answered.modelId).toBe('primary-2024-11-20');
    expect(answered.fellBackFrom).toBeUndefined();
    expect(fallback.requests).toHaveLength(0);
  });

  it('falls back when the primary is unavailable', async () => {
    // Prepare
    const primary = new FakeProvider('primary-2024-11-20', { error: unavailable() });
    const fallback = new FakeProvider('fallback-2024-11-20', { text: 'from fallback' });

    // Act
    const answered = await converseWithFallback({ primary, fallback }, REQUEST);

    // Assess
    expect(answered).toMatchObject({ modelId: 'fallback-2024-11-20', fellBackFrom: 'primary-2024-11-20' });
    expect(answered.result.text).toBe('from fallback');
    expect(fallback.requests).toEqual([REQUEST]);
  });

  it('rethrows ModelUnavailableError when no fallback is configured', async () => {
    // Prepare
    const primary = new FakeProvider('primary-2024-11-20', { error: unavailable() });

    // Act
    const attempt = converseWithFallback({ primary }, REQUEST);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('does not fall back on other errors', async () => {
    // Prepare
    const primary = new FakeProvider('primary-2024-11-20', { error: Object.assign(new Error('bad input'), { name: 'ValidationException' }) });
    const fallback = new FakeProvider('fallback-2024-11-20', { text: 'from fallback' });

    // Act
    const attempt = converseWithFallback({ primary, fallback }, REQUEST);

    // Assess
    await expect(attempt).rejects.toThrow('bad input');
    expect(fallback.requests).toHaveLength(0);
  });

  it('reports the model that actually answered in the response', async () => {
    // Prepare
    const primary = new FakeProvider('primary-2024-11-20', { error: unavailable() });
    const fallback = new FakeProvider('fallback-2024-11-20', { text: 'Bonjour' });

    // Act
    const reply = await answer({ input: 'Translate to French: Hello' }, { primary, fallback });

    // Assess
    expect(reply.response.model).toBe('fallback-2024-11-20');
    expect(reply.fellBackFrom).toBe('primary-2024-11-20');
  });
});
