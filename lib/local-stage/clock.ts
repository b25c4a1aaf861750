import type { Clock } from '../../functions/ports/clock';

/** The local stage's time: it moves only when the stage moves it (a 30-minute bake is thirty steps). */
export class SimulatedClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
