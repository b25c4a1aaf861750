/**
 * The sample assistant's published versions, run locally: one worker per version with that version's
 * environment (model pins, prompt bundle), as Lambda runs each version apart. What a version writes to stdout
 * (its EMF metrics) is handed to `onOutput` with the version it came from.
 */
import type { Target, TargetRequest, TargetResponse } from '../../evals/engine/types';
import { ModuleTarget, type Invocation } from '../../evals/engine/targets/module';
import type { FunctionRegistry } from '../../functions/ports/function-registry';
import type { AppInvoker } from '../../functions/ports/app-invoker';

export class LocalAppInvoker implements AppInvoker {
  private readonly started = new Map<string, Promise<ModuleTarget>>();

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly handlerPath: string,
    private readonly onOutput: (version: string, line: string) => void,
  ) {}

  /** The version's worker, started on first use and kept until {@link close}: a warm Lambda. */
  version(functionName: string, version: string): Promise<ModuleTarget> {
    const key = `${functionName}:${version}`;
    let target = this.started.get(key);
    if (!target) {
      target = this.registry.getVersion(functionName, version).then((config) =>
        ModuleTarget.start({
          spec: `local:${key}`,
          path: this.handlerPath,
          exportName: 'handler',
          env: { ...config.environment, POWERTOOLS_LOGGER_LOG_LEVEL: 'WARN' },
          functionName,
          version,
          onOutput: (line) => this.onOutput(version, line),
        }),
      );
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
