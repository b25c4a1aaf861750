import { describe, expect, it } from 'vitest';
import { assertModelPinned, checkModelPin, UnpinnedModelError } from '../../../evals/engine/pins';

const FLOATING = (token: string) => `'${token}' is a floating alias that can change without a deployment; pin a dated snapshot`;
const UNDATED = /^undated alias: a pin must name a snapshot with a date/;

describe('checkModelPin', () => {
  it.each([
    ['gpt-4o-2024-11-20', 'dated'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'dated'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'dated'],
    ['sim.assistant-2024-11-20', 'dated'],
    ['claude-3-opus@20240229', 'dated'],
    ['gpt-4o-2024-02-29', 'dated'],
    ['gpt-4-0613', 'dated'],
    ['gpt-3.5-turbo-0125', 'dated'],
    ['amazon.titan-text-express-v1', 'versioned'],
    ['gemini-1.5-pro-002', 'versioned'],
    ['meta.llama3-70b-instruct-v1:0', 'versioned'],
    ['mistral.mistral-7b-instruct-v0:2', 'versioned'],
  ] as const)('accepts %j as a %s pin', (modelId, kind) => {
    // Act
    const verdict = checkModelPin(modelId);

    // Assess
    expect(verdict).toEqual({ ok: true, modelId, kind });
  });

  it.each([
    ['latest', FLOATING('latest')],
    ['gpt-4o', UNDATED],
    ['claude-3-5-sonnet-latest', FLOATING('latest')],
    ['o1-preview', FLOATING('preview')],
    ['gemini-1.5-pro-BETA', FLOATING('beta')],
    ['', 'model id is empty; pin a dated snapshot such as gpt-4o-2024-11-20'],
    ['   ', 'model id is empty; pin a dated snapshot such as gpt-4o-2024-11-20'],
    ['  gpt-4o-2024-11-20', 'model id has leading or trailing white space'],
    ['gpt-4o-2024-11-20\n', 'model id has leading or trailing white space'],
    ['gpt-4o-2024-13-45', "'2024-13-45' is not a calendar date; pin a real dated snapshot"],
    ['gpt-4o-2024-02-30', "'2024-02-30' is not a calendar date; pin a real dated snapshot"],
    ['gpt-4o-2023-02-29', "'2023-02-29' is not a calendar date; pin a real dated snapshot"],
    ['gpt-4-1399', UNDATED],
    ['gpt 4o', 'model id may only contain letters, digits and . _ : / @ -'],
    ['gpt-4o-2024-11-20;rm', 'model id may only contain letters, digits and . _ : / @ -'],
  ])('fails when the id is %j', (modelId, reason) => {
    // Act
    const verdict = checkModelPin(modelId);

    // Assess
    expect(verdict.ok).toBe(false);
    expect(verdict.modelId).toBe(modelId);
    if (verdict.ok) return;
    if (typeof reason === 'string') expect(verdict.reason).toBe(reason);
    else expect(verdict.reason).toMatch(reason);
  });
});

describe('assertModelPinned', () => {
  it('returns a pinned id unchanged', () => {
    expect(assertModelPinned('gpt-4o-2024-11-20', 'MODEL_ID')).toBe('gpt-4o-2024-11-20');
  });

  it('fails when the id floats, naming the place, the id and the reason', () => {
    // Act
    let caught: unknown;
    try {
      assertModelPinned('claude-3-5-sonnet-latest', 'functions/sample-assistant MODEL_ID');
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(UnpinnedModelError);
    const error = caught as UnpinnedModelError;
    expect(error.name).toBe('UnpinnedModelError');
    expect(error.where).toBe('functions/sample-assistant MODEL_ID');
    expect(error.modelId).toBe('claude-3-5-sonnet-latest');
    expect(error.reason).toBe(FLOATING('latest'));
    expect(error.message).toBe(`functions/sample-assistant MODEL_ID: model id 'claude-3-5-sonnet-latest' is not pinned: ${FLOATING('latest')}`);
  });

  it('fails when the id is empty', () => {
    expect(() => assertModelPinned('', '--judge')).toThrow(/^--judge: model id '' is not pinned: model id is empty/);
  });
});
