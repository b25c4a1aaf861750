/**
 * `evalgate/runtime`: what the app under release imports. The live-score middleware, the release environment
 * contract (the variables every released version carries, and a typed reader), and the pin rule.
 *
 * @example
 * import middy from '@middy/core';
 * import { liveScore, readReleaseEnv } from 'evalgate/runtime';
 * const { modelId } = readReleaseEnv();
 * export const handler = middy(answer).use(liveScore());
 */
export { liveScore, type LiveScoreContext, type LiveScoreLogger, type LiveScoreMetrics, type LiveScoreMiddleware, type LiveScoreOptions, type LiveScoreResponse } from './live-score';
export { LIVE_SCORE, liveScoreDimensions, trafficOf, type LiveScoreTraffic } from './live-score-metrics';
export { LIVE_SCORE_ENV, readReleaseEnv, RELEASE_ENV, ReleaseEnvironmentError, type ReleaseEnvironment } from './release-env';
export { assertModelPinned, checkModelPin, UnpinnedModelError, type PinVerdict } from '../../evals/engine/pins';
export type { OnlineCheck, OnlineChecks } from '../../evals/engine/online';
