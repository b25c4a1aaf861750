/**
 * Failure injection shared by the fakes: a test says which call fails next, and with what, so the code under test
 * can be driven down every error path without a fake per failure.
 */
export class Faults<Method extends string> {
  private readonly pending = new Map<Method, Error[]>();

  /**
   * The next `times` calls of `method` throw `error`.
   *
   * @example
   * world.releaseStore.failNext('putRecord', new Error('ProvisionedThroughputExceededException'));
   */
  failNext(method: Method, error: Error = new Error(`${method} failed`), times = 1): this {
    this.pending.set(method, [...(this.pending.get(method) ?? []), ...Array.from({ length: times }, () => error)]);
    return this;
  }

  /** Called first by every faultable method of a fake. */
  protected check(method: Method): void {
    const error = this.pending.get(method)?.shift();
    if (error) throw error;
  }
}
