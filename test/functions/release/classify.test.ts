import { describe, expect, it } from 'vitest';
import { changedFields, classifyChange } from '../../../functions/release/classify';
import type { ChangeKind } from '../../../functions/release/state';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
import { GOOD_MODEL, NEW_MODEL, STABLE, versionOf } from '../../helpers/fakes';

const MIXED = 'a prompt change and a model change never ship in the same release:';

describe('classifyChange', () => {
  it.each([
    ['a new code hash', versionOf('6', { codeSha256: 'code-6' }), 'code'],
    ['an identical republish', versionOf('6'), 'code'],
    ['a new prompt bundle (and so new code)', versionOf('6', { codeSha256: 'code-6', environment: { EVALGATE_PROMPT_SHA: 'prompt-b' } }), 'prompt'],
    ['a new prompt bundle alone', versionOf('6', { environment: { EVALGATE_PROMPT_SHA: 'prompt-b' } }), 'prompt'],
    ['a new model id', versionOf('6', { environment: { EVALGATE_MODEL_ID: NEW_MODEL } }), 'model'],
    ['a new fallback', versionOf('6', { environment: { EVALGATE_FALLBACK_MODEL_ID: 'amazon.titan-text-express-v1' } }), 'model'],
    ['a new pins version only', versionOf('6', { environment: { EVALGATE_PINS_VERSION: '3' } }), 'model'],
  ] as const)('classifies %s as %s', (_name, candidate, kind) => {
    // Act
    const detected = classifyChange(STABLE, candidate);

    // Assess
    expect(detected).toBe(kind);
  });

  it.each([
    ['the candidate is the live version', versionOf('5'), undefined, 'candidate version 5 is the live version: there is nothing to release'],
    [
      'model and prompt change together',
      versionOf('6', { codeSha256: 'code-6', environment: { EVALGATE_MODEL_ID: NEW_MODEL, EVALGATE_PROMPT_SHA: 'prompt-b' } }),
      undefined,
      `${MIXED} EVALGATE_MODEL_ID, EVALGATE_PROMPT_SHA, codeSha256 differ between versions 5 and 6; release them one after the other`,
    ],
    [
      'model and code change together',
      versionOf('6', { codeSha256: 'code-6', environment: { EVALGATE_PINS_VERSION: '3' } }),
      undefined,
      `${MIXED} EVALGATE_PINS_VERSION, codeSha256 differ between versions 5 and 6; release them one after the other`,
    ],
    [
      'the declared kind contradicts the versions',
      versionOf('6', { environment: { EVALGATE_MODEL_ID: NEW_MODEL } }),
      'prompt',
      "declared kind 'prompt' contradicts the detected kind 'model' (EVALGATE_MODEL_ID differ between versions 5 and 6)",
    ],
    [
      'a model change is declared but nothing model-related differs',
      versionOf('6'),
      'model',
      "declared kind 'model' contradicts the detected kind 'code' (no release metadata differs between versions 5 and 6)",
    ],
    [
      'the candidate model id is floating',
      versionOf('6', { environment: { EVALGATE_MODEL_ID: 'claude-3-5-sonnet-latest' } }),
      undefined,
      "candidate version 6 EVALGATE_MODEL_ID: model id 'claude-3-5-sonnet-latest' is not pinned: 'latest' is a floating alias that can change without a deployment; pin a dated snapshot",
    ],
    [
      'the candidate fallback is undated, even for a code change',
      versionOf('6', { codeSha256: 'code-6', environment: { EVALGATE_FALLBACK_MODEL_ID: 'gpt-4o' } }),
      'code',
      /^candidate version 6 EVALGATE_FALLBACK_MODEL_ID: model id 'gpt-4o' is not pinned: undated alias/,
    ],
  ] as const)('fails when %s', (_name, candidate, declared, message) => {
    // Act
    const act = () => classifyChange(STABLE, candidate, declared as ChangeKind | undefined);

    // Assess
    expect(act).toThrow(ReleaseRefusedError);
    expect(act).toThrow(message);
  });

  it('accepts a declared kind that matches', () => {
    // Act
    const kind = classifyChange(STABLE, versionOf('6', { environment: { EVALGATE_MODEL_ID: NEW_MODEL } }), 'model');

    // Assess
    expect(kind).toBe('model');
  });
});

describe('changedFields', () => {
  it('lists metadata fields in RELEASE_ENV order, then the code hash', () => {
    // Prepare
    const candidate = versionOf('6', { codeSha256: 'code-6', environment: { EVALGATE_PROMPT_SHA: 'b', EVALGATE_MODEL_ID: GOOD_MODEL, LOG_LEVEL: 'DEBUG' } });

    // Act
    const fields = changedFields(STABLE, candidate);

    // Assess: other variables (LOG_LEVEL) are not release metadata.
    expect(fields).toEqual(['EVALGATE_PROMPT_SHA', 'codeSha256']);
  });
});
