/**
 * Every local adapter over one folder (default `.evalgate/`): one JSON file per simulated service, reports under
 * `reports/`, CI's unit-test reports under `s3/<bucket>/`. Field names match the use cases' deps, as the test
 * fakes' world does, so `{ ...world, evalShards }` is a PrepareDeps.
 */
import { join } from 'node:path';
import type { Clock } from '../../../functions/ports/clock';
import type { AlarmThresholds } from '../../../functions/release/alarm-specs';
import { emptyAliases, LocalAliasRouter } from './alias-router';
import { emptyFunctions, LocalFunctionRegistry } from './function-registry';
import { emptyAlarms, LocalHealthSource } from './health-source';
import { JsonFile } from './json-file';
import { LocalMetrics, type LocalMetricsOptions } from './metrics';
import { emptyNotifications, LocalNotifier, type LocalNotification } from './notifier';
import { emptyAppConfig, LocalPinStore } from './pin-store';
import { emptyReleases, LocalReleaseStore } from './release-store';
import { LocalReportStore } from './report-store';
import { LocalTestReportSource } from './test-report-source';

export interface LocalWorld {
  readonly dir: string;
  readonly clock: Clock;
  readonly registry: LocalFunctionRegistry;
  readonly router: LocalAliasRouter;
  readonly metrics: LocalMetrics;
  readonly healthSource: LocalHealthSource;
  readonly pinStore: LocalPinStore;
  readonly releaseStore: LocalReleaseStore;
  readonly reportStore: LocalReportStore;
  readonly testReports: LocalTestReportSource;
  readonly notifier: LocalNotifier;
}

export interface LocalWorldOptions extends LocalMetricsOptions {
  /** Called with every notification, after it is kept (the stage prints it). */
  readonly onNotify?: (notification: LocalNotification) => void;
  /**
   * Re-read every file on each call: for a process that watches a stage another process changes (the operator
   * CLI's `status` and `abort --local`). @default true (cached)
   */
  readonly cache?: boolean;
}

/**
 * @example
 * const world = localWorld('.evalgate', clock, thresholds, { onNotify: ({ subject }) => console.log(subject) });
 * world.registry.publish('assistant', { codeSha256: 'code-1', environment, description: 'first' });
 * world.router.createAlias({ functionName: 'assistant', alias: 'live' }, '1');
 */
export function localWorld(dir: string, clock: Clock, thresholds: AlarmThresholds, options: LocalWorldOptions = {}): LocalWorld {
  const files = options.cache === false ? { cache: false } : {};
  const registry = new LocalFunctionRegistry(new JsonFile(join(dir, 'functions.json'), emptyFunctions(), files));
  const metrics = new LocalMetrics(join(dir, 'metrics.jsonl'), options);
  return {
    dir,
    clock,
    registry,
    router: new LocalAliasRouter(new JsonFile(join(dir, 'aliases.json'), emptyAliases(), files), registry),
    metrics,
    healthSource: new LocalHealthSource(new JsonFile(join(dir, 'alarms.json'), emptyAlarms(), files), metrics, clock, thresholds),
    pinStore: new LocalPinStore(new JsonFile(join(dir, 'appconfig.json'), emptyAppConfig(), files)),
    releaseStore: new LocalReleaseStore(new JsonFile(join(dir, 'releases.json'), emptyReleases(), files), clock),
    reportStore: new LocalReportStore(join(dir, 'reports')),
    testReports: new LocalTestReportSource(dir),
    notifier: new LocalNotifier(new JsonFile(join(dir, 'notifications.json'), emptyNotifications(), files), options.onNotify),
  };
}
