/**
 * Builds a target from its spec. Each kind is imported only when used, so an HTTP run never loads esbuild or
 * the AWS SDK.
 */
import { parseTargetSpec } from '../targets/spec';
import type { Target } from '../types';

export interface TargetOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
}

export async function createTarget(spec: string, options: TargetOptions): Promise<Target> {
  const parsed = parseTargetSpec(spec);
  switch (parsed.kind) {
    case 'http': {
      const { HttpTarget } = await import('../targets/http');
      return new HttpTarget(spec, parsed.url);
    }
    case 'module': {
      const { ModuleTarget } = await import('../targets/module');
      return ModuleTarget.start({ ...parsed, cwd: options.cwd, timeoutMs: options.timeoutMs });
    }
    case 'lambda': {
      const { LambdaTarget } = await import('../../functions/adapters/aws/lambda-target');
      return LambdaTarget.withDefaultClient(spec, parsed.functionName, parsed.qualifier);
    }
  }
}
