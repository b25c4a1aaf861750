import type { Target, TargetRequest, TargetResponse } from '../../../evals/engine/types';
import type { AppInvoker } from '../../../functions/ports/app-invoker';
import { FakeTarget } from '../fake-target';

/** How a version of the app answers an eval request; an Error is thrown as the target's failure. */
export type AppBehaviour = (version: string, request: TargetRequest) => TargetResponse | Error | Promise<TargetResponse | Error>;

/** Eval targets for versions of the app, all answering through one function the test passes. */
export class FakeAppInvoker implements AppInvoker {
  readonly targets: FakeTarget[] = [];

  constructor(private readonly behaviour: AppBehaviour = (version, request) => ({ output: `v${version}: ${request.input}` })) {}

  target(functionName: string, version: string): Target {
    const target = new FakeTarget(`lambda:${functionName}:${version}`, (request) => this.behaviour(version, request));
    this.targets.push(target);
    return target;
  }
}
