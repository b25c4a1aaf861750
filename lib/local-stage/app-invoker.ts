/**
 * The released function's versions, run locally: one worker per version, from that version's own code (the
 * module of its synthesized asset) with that version's environment, as Lambda runs each version apart. What a
 * version writes to stdout (its EMF metrics) is handed to `onOutput` with the version it came from.
 */
import type { Target, TargetRequest, TargetResponse } from '../../evals/engine/types';
import { ModuleTarget, type Invocation } from '../../evals/engine/targets/module';
import type { AppInvoker } from '../../functions/ports/app-invoker';
import { dirname, join } from 'node:path';
import { packageRoot } from '../private/package-root';
import type { LocalFunctionRegistry } from './services/function-registry';

/** Where the local Lambda runtime finds the AWS SDK: the project's dependencies, then evalgate's own. */
const runtimeModules = (): string[] => [join(process.cwd(), 'node_modules'), join(packageRoot(), 'node_modules'), dirname(packageRoot())];

export interface LocalAppInvokerOptions {
  /** Variables set on every version on top of its own (the local stage's overrides, e.g. a stub model). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly onOutput: (version: string, line: string) => void;
}

export class LocalAppInvoker implements AppInvoker {
  private readonly started = new Map<string, Promise<ModuleTarget>>();

  constructor(
    private readonly registry: LocalFunctionRegistry,
    private readonly options: LocalAppInvokerOptions,
  ) {}

  /** The version's worker, started on first use and kept until {@link close}: a warm Lambda. */
  version(functionName: string, version: string): Promise<ModuleTarget> {
    const key = `${functionName}:${version}`;
    let target = this.started.get(key);
    if (!target) {
      target = this.registry.getVersion(functionName, version).then((config) => {
        const code = this.registry.codeOf(functionName, version);
        if (!code) throw new Error(`version ${version} of ${functionName} has no code the local stage can run (it was published without a module)`);
        return ModuleTarget.start({
          spec: `local:${key}`,
          path: code.path,
          exportName: code.exportName,
          env: { ...config.environment, POWERTOOLS_LOGGER_LOG_LEVEL: 'WARN', ...this.options.environment },
          functionName,
          version,
          onOutput: (line) => this.options.onOutput(version, line),
          runtimeModules: runtimeModules(),
        });
      });
      this.started.set(key, target);
    }
    return target;
  }

  /** The eval run's target: invokes the version by its number (eval traffic), never through the alias. */
  target(functionName: string, version: string): Target {
    const started = () => this.version(functionName, version);
    return {
      spec: `lambda:${functionName}:${version}`,
      invoke: async (request: TargetRequest, signal: AbortSignal): Promise<TargetResponse> => (await started()).invoke(request, signal),
      // Shared and warm: the stage closes the workers when it is done.
      close: async () => undefined,
    };
  }

  async invokeAs(functionName: string, version: string, request: TargetRequest, invocation: Invocation): Promise<TargetResponse> {
    return (await this.version(functionName, version)).invokeAs(request, AbortSignal.timeout(30_000), invocation);
  }

  async close(): Promise<void> {
    const targets = await Promise.allSettled(this.started.values());
    this.started.clear();
    await Promise.all(targets.map((t) => (t.status === 'fulfilled' ? t.value.close() : undefined)));
  }
}
