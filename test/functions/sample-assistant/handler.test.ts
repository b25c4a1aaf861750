import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ModelUnavailableError } from '../../../functions/sample-assistant/errors';
import { makeHandler } from '../../../functions/sample-assistant/handler';
import { createLogger, createMetrics } from '../../../functions/sample-assistant/powertools';
import { FakeProvider, lambdaContext } from './helpers';

/** The Lambda entry builds its handler from the environment on load, so it is only imported once that is set. */
async function loadEntry(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import('../../../functions/sample-assistant/index');
}

const SECRET_INPUT = 'Summarize: my colleague Zyx Quorra earns $987,654 and her password is Hunter2';
const SECRET_OUTPUT = 'Zyx Quorra earns a salary worth keeping private';

describe('assistant handler', () => {
  let stdout: MockInstance<typeof process.stdout.write>;
  let stderr: MockInstance<typeof process.stderr.write>;
  const written = () => [...stdout.mock.calls, ...stderr.mock.calls].map(([chunk]) => String(chunk)).join('');

  beforeEach(() => {
    // Pinned on to prove the handler overrides it: customer text must never be logged.
    vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
    vi.stubEnv('POWERTOOLS_DEV', undefined);
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  const handlerWith = async (primary: FakeProvider, fallback?: FakeProvider) => {
    return makeHandler({ models: fallback ? { primary, fallback } : { primary }, logger: createLogger(), metrics: createMetrics() });
  };

  it('returns the response contract from the provider', async () => {
    // Prepare
    const primary = new FakeProvider('sim.assistant-2024-11-20', { text: 'Bonjour' });

    // Act
    const response = await (await handlerWith(primary))({ input: 'Translate to French: Hello', caseId: 'c-1' }, lambdaContext());

    // Assess
    expect(response).toEqual({
      output: 'Bonjour',
      latencyMs: 42,
      usage: { inputTokens: 120, outputTokens: 8 },
      costUsd: 0.0001,
      model: 'sim.assistant-2024-11-20',
    });
    expect(primary.requests[0]!.prompt).toContain('into French');
  });

  it('logs lengths, intent, model and latency, and none of the text', async () => {
    // Prepare
    const primary = new FakeProvider('sim.assistant-2024-11-20', { text: SECRET_OUTPUT });

    // Act
    await (await handlerWith(primary))({ input: SECRET_INPUT }, lambdaContext());

    // Assess
    const logs = written();
    const entry = JSON.parse(logs.split('\n').find((line) => line.includes('assistant answered'))!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'INFO',
      service: 'evalgate-assistant',
      intent: 'summarize',
      model: 'sim.assistant-2024-11-20',
      inputChars: SECRET_INPUT.length,
      outputChars: SECRET_OUTPUT.length,
      latencyMs: 42,
    });
    for (const fragment of ['Zyx', 'Quorra', '987,654', 'Hunter2', 'salary']) expect(logs).not.toContain(fragment);
  });

  it('emits latency and fallback metrics when the fallback answers', async () => {
    // Prepare
    const primary = new FakeProvider('sim.assistant-2024-11-20', { error: new ModelUnavailableError('sim.assistant-2024-11-20', 'ThrottlingException') });
    const fallback = new FakeProvider('sim.assistant-2025-04-01', { text: SECRET_OUTPUT });

    // Act
    const response = await (await handlerWith(primary, fallback))({ input: SECRET_INPUT }, lambdaContext());

    // Assess
    expect(response.model).toBe('sim.assistant-2025-04-01');
    const logs = written();
    expect(logs).toContain('"ModelFallback":1');
    expect(logs).toContain('"ModelLatency":42');
    expect(logs).toContain('"fellBackFrom":"sim.assistant-2024-11-20"');
    expect(logs).not.toContain('Zyx');
  });

  it.each([
    [undefined, 'Length: at most 50 words.', 'never name competitors'],
    ['2024-12', 'Length: at most 50 words.', 'never name competitors'],
    ['2024-10', 'Length: about 50 words.', undefined],
  ] as const)('composes with the prompt bundle of its dependencies (%s) and logs it', async (promptBundle, lengthLine, systemRule) => {
    // Prepare
    const primary = new FakeProvider('sim.assistant-2024-11-20', { text: 'Revenue rose.' });
    const handler = makeHandler({ models: { primary }, logger: createLogger(), metrics: createMetrics(), ...(promptBundle ? { promptBundle } : {}) });

    // Act
    await handler({ input: 'Summarize: Revenue up 32% to $4.2M' }, lambdaContext());

    // Assess
    const [request] = primary.requests;
    expect(request!.prompt).toContain(lengthLine);
    if (systemRule) expect(request!.system).toContain(systemRule);
    else expect(request!.system).not.toMatch(/competitor/i);
    const entry = JSON.parse(written().split('\n').find((line) => line.includes('assistant answered'))!) as Record<string, unknown>;
    expect(entry.promptBundle).toBe(promptBundle ?? '2024-12');
  });

  it('rejects a bad event with InvalidRequestError naming the field, without logging it', async () => {
    // Prepare
    const primary = new FakeProvider('sim.assistant-2024-11-20', { text: 'unused' });

    // Act
    const attempt = (await handlerWith(primary))({ input: SECRET_INPUT, vars: { task: 'gossip' } }, lambdaContext());

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidRequestError', message: expect.stringMatching(/^vars\.task: /) });
    expect(primary.requests).toHaveLength(0);
    expect(written()).not.toContain('Zyx');
  });
});

describe('handler module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('reads its configuration from the environment when loaded', async () => {
    // Prepare
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    const { handler } = await loadEntry({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: undefined });
    const response = await handler({ input: 'Translate to French: Hello' }, lambdaContext());

    // Assess
    expect(response).toMatchObject({ output: 'Bonjour', model: 'sim.assistant-2024-11-20' });
    expect(response.costUsd).toBeGreaterThan(0);
  });

  it.each([
    [undefined, false],
    ['2024-12', false],
    ['2024-10', true],
  ] as const)('answers with the prompt bundle of EVALGATE_PROMPT_BUNDLE (%s): competitor named back %s', async (promptBundle, named) => {
    // Prepare
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { handler } = await loadEntry({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: promptBundle });

    // Act
    const response = await handler({ input: 'We switched from Trello in May. Where do I request a refund?' }, lambdaContext());

    // Assess
    expect(response.output).toContain('Request refund');
    expect(response.output.includes('Trello')).toBe(named);
  });

  it('fails to load when EVALGATE_PROMPT_BUNDLE is unknown, listing the bundles', async () => {
    // Act
    const load = loadEntry({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: '2025-01' });

    // Assess
    await expect(load).rejects.toThrow("EVALGATE_PROMPT_BUNDLE: unknown prompt bundle '2025-01'; known bundles: 2024-10, 2024-12");
  });

  it('fails to load when EVALGATE_MODEL_ID is not pinned', async () => {
    // Prepare
    // Act
    const load = loadEntry({ EVALGATE_MODEL_ID: 'gpt-4o' });

    // Assess
    await expect(load).rejects.toThrow(/^EVALGATE_MODEL_ID: model id 'gpt-4o' is not pinned/);
  });
});

describe('assistant handler, live eval score', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it.each([
    ['a summary within its limit', 'Summarize: Revenue up 32% to $4.2M', 'Revenue rose 32% to $4.2M.', 1],
    ['a summary over its limit', 'Summarize: Revenue up 32% to $4.2M', 'word '.repeat(60), 0],
    ['an extraction that is not JSON', 'Extract JSON: Bob, c123', 'Here is the JSON: {"name":"Bob"}', 0],
  ])('grades %s with the live checks of its task', async (_, input, text, pass) => {
    // Prepare
    vi.stubEnv('POWERTOOLS_DEV', undefined);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const handler = makeHandler({ models: { primary: new FakeProvider('sim.assistant-2024-11-20', { text }) }, logger: createLogger(), metrics: createMetrics() });

    // Act
    await handler({ input }, { ...lambdaContext(), functionVersion: '7', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:assistant:live' });

    // Assess
    const emf = stdout.mock.calls.map(([chunk]) => String(chunk)).map((line) => { try { return JSON.parse(line); } catch { return undefined; } }).find((doc) => doc && 'LiveEvalPass' in doc);
    expect(emf).toMatchObject({ LiveEvalPass: pass, Version: '7', Traffic: 'live', FunctionName: 'assistant', service: 'evalgate-live-score' });
    expect(JSON.stringify(emf)).not.toContain('Revenue');
  });
});
