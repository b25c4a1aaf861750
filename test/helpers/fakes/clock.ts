import type { Clock } from '../../../functions/ports/clock';

/** A clock that only moves when the test moves it. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-01-01T10:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** @example clock.set('2025-01-01T10:30:00Z') */
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  /** @example clock.advance(30 * 60_000) */
  advance(ms: number): void {
    this.current += ms;
  }
}
