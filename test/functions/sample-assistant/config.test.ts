import { describe, expect, it } from 'vitest';
import { UnpinnedModelError } from '../../../evals/engine/pins';
import { loadConfig } from '../../../functions/sample-assistant/config';
import { defaultDeps } from '../../../functions/sample-assistant/deps';
import { AssistantConfigError } from '../../../functions/sample-assistant/errors';
import { BedrockProvider } from '../../../functions/sample-assistant/providers/bedrock';
import { SimulatedProvider } from '../../../functions/sample-assistant/providers/simulated';

describe('loadConfig', () => {
  it('reads a pinned model and a pinned fallback', () => {
    // Act
    const config = loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: 'sim.assistant-2025-04-01' });

    // Assess
    expect(config).toEqual({ modelId: 'sim.assistant-2024-11-20', fallbackModelId: 'sim.assistant-2025-04-01', promptBundle: '2024-12', liveSampleRate: 1 });
  });

  it('treats an empty fallback as no fallback', () => {
    // Act
    const config = loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: '' });

    // Assess
    expect(config).toEqual({ modelId: 'sim.assistant-2024-11-20', promptBundle: '2024-12', liveSampleRate: 1 });
  });

  it.each([['0.25', 0.25], ['0', 0], ['1', 1]])('reads EVALGATE_LIVE_SAMPLE_RATE %s', (raw, rate) => {
    expect(loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_LIVE_SAMPLE_RATE: raw }).liveSampleRate).toBe(rate);
  });

  it.each([['1.5'], ['-1'], ['often']])('fails when EVALGATE_LIVE_SAMPLE_RATE is %s, naming it', (raw) => {
    expect(() => loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_LIVE_SAMPLE_RATE: raw })).toThrow(/EVALGATE_LIVE_SAMPLE_RATE.*must be a number from 0 to 1/);
  });

  it.each([['2024-10'], ['2024-12']])('reads EVALGATE_PROMPT_BUNDLE %s', (bundle) => {
    expect(loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: bundle }).promptBundle).toBe(bundle);
  });

  it.each([['unset', undefined], ['empty', '']])('runs the default prompt bundle 2024-12 when EVALGATE_PROMPT_BUNDLE is %s', (_, value) => {
    expect(loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: value }).promptBundle).toBe('2024-12');
  });

  it.each([['2023-01'], ['latest'], [' 2024-12']])('fails on the unknown prompt bundle %j, naming the variable and listing the bundles', (bundle) => {
    // Act
    const load = () => loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: bundle });

    // Assess
    expect(load).toThrow(AssistantConfigError);
    expect(load).toThrow(`EVALGATE_PROMPT_BUNDLE: unknown prompt bundle '${bundle}'; known bundles: 2024-10, 2024-12`);
  });

  it('fails when EVALGATE_MODEL_ID is missing, naming it', () => {
    // Act
    const load = () => loadConfig({});

    // Assess
    expect(load).toThrow(AssistantConfigError);
    expect(load).toThrow(/^EVALGATE_MODEL_ID: is required/);
  });

  it.each([
    ['EVALGATE_MODEL_ID', { EVALGATE_MODEL_ID: 'gpt-4o' }, /undated alias/],
    ['EVALGATE_MODEL_ID', { EVALGATE_MODEL_ID: 'claude-3-5-sonnet-latest' }, /'latest' is a floating alias/],
    ['EVALGATE_FALLBACK_MODEL_ID', { EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: 'sim.assistant' }, /undated alias/],
  ])('fails when %s is not pinned, naming it and the reason', (variable, env, reason) => {
    // Act
    const load = () => loadConfig(env);

    // Assess
    expect(load).toThrow(UnpinnedModelError);
    expect(load).toThrow(new RegExp(`^${variable}: model id`));
    expect(load).toThrow(reason);
  });
});

describe('defaultDeps', () => {
  it('builds simulated providers for sim. ids', () => {
    // Act
    const deps = defaultDeps({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: 'sim.assistant-2025-04-01' });

    // Assess
    expect(deps.models.primary).toBeInstanceOf(SimulatedProvider);
    expect(deps.models.primary.modelId).toBe('sim.assistant-2024-11-20');
    expect(deps.models.fallback?.modelId).toBe('sim.assistant-2025-04-01');
  });

  it('carries the configured prompt bundle, 2024-12 by default', () => {
    expect(defaultDeps({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: '2024-10' }).promptBundle).toBe('2024-10');
    expect(defaultDeps({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20' }).promptBundle).toBe('2024-12');
  });

  it('builds a Bedrock provider for a priced Bedrock model', () => {
    // Act
    const deps = defaultDeps({ EVALGATE_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0' });

    // Assess
    expect(deps.models.primary).toBeInstanceOf(BedrockProvider);
    expect(deps.models.fallback).toBeUndefined();
  });

  it('fails on an unknown simulated snapshot, listing the known ones', () => {
    // Act
    const build = () => defaultDeps({ EVALGATE_MODEL_ID: 'sim.assistant-2030-01-01' });

    // Assess
    expect(build).toThrow(AssistantConfigError);
    expect(build).toThrow(
      "EVALGATE_MODEL_ID: unknown simulated snapshot 'sim.assistant-2030-01-01'; known snapshots: " +
        'sim.assistant-2024-11-20, sim.assistant-2025-02-14, sim.assistant-2025-04-01',
    );
  });

  it('fails on an unknown fallback snapshot, naming the fallback variable', () => {
    // Act
    const build = () => defaultDeps({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: 'sim.other-2024-01-01' });

    // Assess
    expect(build).toThrow(/^EVALGATE_FALLBACK_MODEL_ID: unknown simulated snapshot/);
  });

  it('fails on a Bedrock model without a known price', () => {
    // Act
    const build = () => defaultDeps({ EVALGATE_MODEL_ID: 'cohere.command-r-v1:0' });

    // Assess
    expect(build).toThrow(/^EVALGATE_MODEL_ID: no price is known for Bedrock model 'cohere.command-r-v1:0'/);
  });
});
