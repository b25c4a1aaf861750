/** Time as the release sees it: real on AWS, simulated on the local stage so a 30-minute bake takes seconds. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
