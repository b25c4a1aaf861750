import type { Target, TargetRequest, TargetResponse } from '../../../evals/engine/types';
import type { AppInvoker } from '../../../functions/ports/app-invoker';
import { FakeTarget } from '../fake-target';

/** How a version of the app answers an eval request; an Error is thrown as the target's failure. */
export type AppBehaviour = (version: string, request: TargetRequest) => TargetResponse | Error | Promise<TargetResponse | Error>;

/** The latency a fake app reports when its behaviour does not say. */
export const FAKE_LATENCY_MS = 40;

/** Eval targets for versions of the app, all answering through one function the test passes. */
export class FakeAppInvoker implements AppInvoker {
  readonly targets: FakeTarget[] = [];

  constructor(private readonly behaviour: AppBehaviour = (version, request) => ({ output: `v${version}: ${request.input}` })) {}

  target(functionName: string, version: string): Target {
    const target = new FakeTarget(`lambda:${functionName}:${version}`, async (request) => {
      const outcome = await this.behaviour(version, request);
      // A fake answers at once: its wall-clock time is scheduler noise, which the gate's latency comparison would
      // read as a regression under load. It reports a fixed latency unless the behaviour gives one.
      return outcome instanceof Error ? outcome : { latencyMs: FAKE_LATENCY_MS, ...outcome };
    });
    this.targets.push(target);
    return target;
  }
}
