import { describe, expect, it } from 'vitest';
import { TargetSpecError } from '../../../../evals/engine/targets/errors';
import { parseTargetSpec } from '../../../../evals/engine/targets/spec';

describe('parseTargetSpec', () => {
  it.each([
    ['module:functions/a.ts', { kind: 'module', path: 'functions/a.ts', exportName: 'handler', env: {} }],
    ['module:a.ts#main?EVALGATE_MODEL_ID=sim.x-2024-11-20&B=2', { kind: 'module', path: 'a.ts', exportName: 'main', env: { EVALGATE_MODEL_ID: 'sim.x-2024-11-20', B: '2' } }],
    ['lambda:assistant', { kind: 'lambda', functionName: 'assistant' }],
    ['lambda:assistant:7', { kind: 'lambda', functionName: 'assistant', qualifier: '7' }],
    ['lambda:assistant:live', { kind: 'lambda', functionName: 'assistant', qualifier: 'live' }],
    ['lambda:arn:aws:lambda:eu-west-1:123456789012:function:assistant:live', { kind: 'lambda', functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:assistant', qualifier: 'live' }],
  ])('parses %s', (spec, expected) => {
    // Act
    const parsed = parseTargetSpec(spec);

    // Assess
    expect(parsed).toMatchObject({ ...expected, spec });
  });

  it('parses http and https URLs', () => {
    expect(parseTargetSpec('http://127.0.0.1:8080/eval')).toMatchObject({ kind: 'http' });
    expect(parseTargetSpec('https://example.test/x')).toMatchObject({ kind: 'http' });
  });

  it.each([
    ['ftp://x', /unknown target kind; allowed: module:PATH/],
    ['functions/a.ts', /unknown target kind/],
    ['module:', /module path is empty/],
    ['module:a.ts#1bad', /export name '1bad' is not an identifier/],
    ['module:a.ts?1X=2', /'1X' is not a valid environment variable name/],
    ['lambda:', /expected lambda:FUNCTION_NAME/],
    ['lambda:a:b:c', /expected lambda:FUNCTION_NAME/],
    ['lambda:a:not valid', /qualifier 'not valid'/],
    ['http://', /not a valid URL/],
  ])('fails when the spec is %s', (spec, message) => {
    expect(() => parseTargetSpec(spec)).toThrow(TargetSpecError);
    expect(() => parseTargetSpec(spec)).toThrow(message);
  });
});
