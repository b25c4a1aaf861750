/** A scripted in-memory target: the test decides each answer from the request and the attempt number. */
import type { Target, TargetRequest, TargetResponse } from '../../evals/engine/types';

export type Script = (request: TargetRequest, attempt: number) => TargetResponse | Error | Promise<TargetResponse | Error>;

export class FakeTarget implements Target {
  readonly calls: TargetRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  closed = false;
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly spec: string,
    private readonly script: Script,
  ) {}

  async invoke(request: TargetRequest): Promise<TargetResponse> {
    this.calls.push(request);
    const attempt = (this.attempts.get(request.caseId) ?? 0) + 1;
    this.attempts.set(request.caseId, attempt);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const outcome = await this.script(request, attempt);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    } finally {
      this.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
