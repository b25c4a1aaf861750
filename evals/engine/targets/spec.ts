/** Parses a target spec: `module:PATH[#EXPORT][?K=V&...]`, `http(s)://...` or `lambda:FUNCTION[:QUALIFIER]`. */
import { TargetSpecError } from './errors';

export type TargetSpec =
  | { readonly kind: 'module'; readonly spec: string; readonly path: string; readonly exportName: string; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: 'http'; readonly spec: string; readonly url: URL }
  | { readonly kind: 'lambda'; readonly spec: string; readonly functionName: string; readonly qualifier?: string };

const FUNCTION_NAME = /^[A-Za-z0-9_:.-]+$/;
const QUALIFIER = /^(\$LATEST|[0-9]+|[A-Za-z0-9_-]+)$/;
const ALLOWED = 'module:PATH[#EXPORT][?KEY=VALUE&...], http(s)://HOST/PATH, lambda:FUNCTION[:QUALIFIER]';

export function parseTargetSpec(spec: string): TargetSpec {
  if (spec.startsWith('module:')) return parseModule(spec);
  if (spec.startsWith('http://') || spec.startsWith('https://')) {
    try {
      return { kind: 'http', spec, url: new URL(spec) };
    } catch (error) {
      throw new TargetSpecError(spec, 'not a valid URL', { cause: error });
    }
  }
  if (spec.startsWith('lambda:')) return parseLambda(spec);
  throw new TargetSpecError(spec, `unknown target kind; allowed: ${ALLOWED}`);
}

function parseModule(spec: string): TargetSpec {
  const rest = spec.slice('module:'.length);
  const [beforeQuery = '', query] = splitOnce(rest, '?');
  const [path = '', exportName = 'handler'] = splitOnce(beforeQuery, '#');
  if (path === '') throw new TargetSpecError(spec, 'module path is empty');
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new TargetSpecError(spec, `export name '${exportName}' is not an identifier`);
  const env: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query ?? '')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new TargetSpecError(spec, `'${key}' is not a valid environment variable name`);
    env[key] = value;
  }
  return { kind: 'module', spec, path, exportName, env };
}

function parseLambda(spec: string): TargetSpec {
  const rest = spec.slice('lambda:'.length);
  // A full ARN contains colons itself: arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].
  const parts = rest.split(':');
  const isArn = rest.startsWith('arn:');
  const nameParts = isArn ? parts.slice(0, 7) : parts.slice(0, 1);
  const qualifier = isArn ? parts[7] : parts[1];
  const functionName = nameParts.join(':');
  if (!FUNCTION_NAME.test(functionName) || (isArn && nameParts.length < 7) || parts.length > nameParts.length + 1) {
    throw new TargetSpecError(spec, 'expected lambda:FUNCTION_NAME[:QUALIFIER] or lambda:FUNCTION_ARN[:QUALIFIER]');
  }
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) {
    throw new TargetSpecError(spec, `qualifier '${qualifier}' must be a version number or an alias name`);
  }
  return qualifier === undefined ? { kind: 'lambda', spec, functionName } : { kind: 'lambda', spec, functionName, qualifier };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
