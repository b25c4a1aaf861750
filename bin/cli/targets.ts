/**
 * Builds a target from its spec. Each kind is imported only when used, so an HTTP run never loads esbuild or
 * the AWS SDK.
 */
import { parseTargetSpec } from '../../evals/engine/targets/spec';
import type { Target } from '../../evals/engine/types';

export interface TargetOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Variables of a module target on top of its spec's (the release environment: `--model`). */
  readonly env?: Readonly<Record<string, string>>;
}

export async function createTarget(spec: string, options: TargetOptions): Promise<Target> {
  const parsed = parseTargetSpec(spec);
  switch (parsed.kind) {
    case 'http': {
      const { HttpTarget } = await import('../../evals/engine/targets/http');
      return new HttpTarget(spec, parsed.url);
    }
    case 'module': {
      const { ModuleTarget } = await import('../../evals/engine/targets/module');
      return ModuleTarget.start({ ...parsed, env: { ...options.env, ...parsed.env }, cwd: options.cwd, timeoutMs: options.timeoutMs });
    }
    case 'lambda': {
      const { LambdaTarget } = await import('../../functions/adapters/aws/lambda-target');
      return LambdaTarget.withDefaultClient(spec, parsed.functionName, parsed.qualifier);
    }
  }
}
