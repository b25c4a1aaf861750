import { join } from 'node:path';
import type { AlarmThresholds } from '../../functions/release/alarm-specs';
import { LIVE_SCORE, liveScoreDimensions } from '../../functions/runtime/live-score-metrics';
import { emptyAlarms, LocalHealthSource } from '../../lib/local-stage/services/health-source';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { LocalMetrics } from '../../lib/local-stage/services/metrics';
import { FakeHealthSource } from '../helpers/fakes/health-source';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { healthSourceContract } from './health-source.contract';

const tempDir = useTempDirs();
const THRESHOLDS: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 8000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

healthSourceContract('LocalHealthSource', (clock) => {
  const dir = tempDir();
  const metrics = new LocalMetrics(join(dir, 'metrics.jsonl'));
  const health = new LocalHealthSource(new JsonFile(join(dir, 'alarms.json'), emptyAlarms()), metrics, clock, THRESHOLDS);
  return {
    health,
    emitEvalScore: (functionName, version, timestamp) =>
      metrics.put({ namespace: LIVE_SCORE.namespace, name: LIVE_SCORE.metrics.pass, dimensions: liveScoreDimensions(functionName, version, 'eval'), value: 1, timestamp }),
    defineAlarm: (name, state, reason) => health.defineAlarm(name, { state, reason }),
  };
});

healthSourceContract('FakeHealthSource', () => {
  const health = new FakeHealthSource();
  return { health, emitEvalScore: (functionName, version, at) => health.emitLiveScore(functionName, version, at), defineAlarm: (name, state, reason) => health.setAlarm(name, state, reason) };
});
