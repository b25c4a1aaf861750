import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { localWorld } from '../../../../lib/local-stage/services';
import type { AlarmThresholds } from '../../../../functions/release/alarm-specs';
import { FakeClock } from '../../../helpers/fakes/clock';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const THRESHOLDS: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 8000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
const target = { functionName: 'assistant', alias: 'live' };

describe('localWorld', () => {
  it('keeps the state of every service in one file each, for the next run to see', async () => {
    // Prepare
    const dir = tempDir();
    const clock = new FakeClock('2025-01-01T10:00:00Z');
    const onNotify = vi.fn();
    const world = localWorld(dir, clock, THRESHOLDS, { onNotify });

    // Act
    world.registry.publish('assistant', { codeSha256: 'code-1', environment: {}, description: 'v1' });
    world.registry.publish('assistant', { codeSha256: 'code-2', environment: {}, description: 'v2' });
    world.router.createAlias(target, '1');
    await world.router.setWeight(target, '1', '2', 5);
    world.metrics.put({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, value: 1, timestamp: clock.now() });
    world.metrics.flush();
    const alarmNames = await world.healthSource.createReleaseAlarms({ releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '2' });
    await world.pinStore.deploy(await world.pinStore.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' }), 'initial');
    await world.releaseStore.acquireLock('assistant:live', 'r-1', new Date('2025-01-01T12:00:00Z'));
    await world.reportStore.putJson('releases/r-1/gate.json', { decision: 'pass' });
    await world.notifier.notify('evalgate: started', {});

    // Assess
    const next = localWorld(dir, clock, THRESHOLDS);
    expect(readdirSync(dir).sort()).toEqual(['alarms.json', 'aliases.json', 'appconfig.json', 'functions.json', 'metrics.jsonl', 'notifications.json', 'releases.json', 'reports']);
    expect(await next.router.getRouting(target)).toEqual({ version: '1', additionalWeights: { '2': 0.05 } });
    expect((await next.registry.getVersion('assistant', '2')).codeSha256).toBe('code-2');
    const invocations = { namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, stat: 'Sum', periodSeconds: 60 };
    expect(next.metrics.query({ ...invocations, start: clock.now(), end: new Date('2025-01-01T10:01:00Z') })).toEqual([{ timestamp: clock.now(), value: 1 }]);
    expect(await next.healthSource.describeAlarms(alarmNames)).toHaveLength(3);
    expect(await next.pinStore.deployedVersion()).toBe('1');
    expect(await next.releaseStore.acquireLock('assistant:live', 'r-2', new Date('2025-01-01T12:00:00Z'))).toEqual({ acquired: false, heldBy: 'r-1' });
    expect(await next.reportStore.getJson('releases/r-1/gate.json')).toEqual({ decision: 'pass' });
    expect(next.notifier.messages).toEqual([{ subject: 'evalgate: started', message: {} }]);
    expect(onNotify).toHaveBeenCalledTimes(1);
    expect(next.testReports.rootDir).toBe(dir);
  });
});
