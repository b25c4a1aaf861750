/**
 * The local stage's Step Functions with a scripted runner in place of the stage: names, idempotent starts, the
 * history on disk, and StopExecution (no Catch; the reconciler hears of it once the Task in flight has ended).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionDetail, ExecutionEvent } from '../../../functions/ports/release-executions';
import { SimulatedClock } from '../../../lib/local-stage/clock';
import type { StageRunOptions } from '../../../lib/local-stage/stage';
import { LocalStepFunctions, statusChangeEvent } from '../../../lib/local-stage/step-functions';

const at = new Date('2026-11-26T10:00:00Z');
const input = { target: { functionName: 'assistant', alias: 'live' }, candidate: { version: '2' }, change: { source: 'manual' } };

/** A runner that walks Prepare -> ShiftTraffic5 -> (waits for `release`) -> Promoted, honouring the abort signal. */
function scriptedRunner() {
  let release!: () => void;
  const gate = new Promise<void>((done) => (release = done));
  const runner = {
    async run(options: StageRunOptions) {
      const emit = (event: ExecutionEvent) => options.onExecutionEvent?.(event);
      emit({ kind: 'entered', id: 1, at, state: 'Prepare' });
      emit({ kind: 'exited', id: 2, at, state: 'Prepare', output: { release: { releaseId: 'rel-1' } } });
      emit({ kind: 'entered', id: 3, at, state: 'ShiftTraffic5' });
      await Promise.race([gate, new Promise((done) => options.signal?.addEventListener('abort', done))]);
      if (options.signal?.aborted) {
        emit({ kind: 'ended', id: 4, at, status: 'ABORTED' });
        return { end: 'ShiftTraffic5', error: 'ExecutionAbortedError', entered: ['Prepare', 'ShiftTraffic5'] };
      }
      emit({ kind: 'entered', id: 4, at, state: 'Promoted' });
      emit({ kind: 'ended', id: 5, at, status: 'SUCCEEDED' });
      return { end: 'Promoted', entered: ['Prepare', 'ShiftTraffic5', 'Promoted'] };
    },
  };
  return { runner, finish: () => release() };
}

describe('LocalStepFunctions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'evalgate-sfn-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs an execution, keeping its status and history on disk for other processes', async () => {
    const { runner, finish } = scriptedRunner();
    const sfn = new LocalStepFunctions(dir, new SimulatedClock(at), { runner });

    const started = await sfn.start('rel-1', input);
    finish();
    await sfn.settled(started.executionArn);

    const reader = new LocalStepFunctions(dir, new SimulatedClock(at));
    expect(await reader.describe(started.executionArn)).toMatchObject({ name: 'rel-1', status: 'SUCCEEDED', input });
    expect((await reader.events(started.executionArn)).map((e) => (e.kind === 'ended' ? e.status : e.state))).toEqual(['Prepare', 'Prepare', 'ShiftTraffic5', 'Promoted', 'SUCCEEDED']);
    expect((await reader.events(started.executionArn, 3)).map((e) => e.id)).toEqual([4, 5]);
    expect((await reader.list({ limit: 5 })).map((e) => e.name)).toEqual(['rel-1']);
    expect(await reader.list({ status: 'RUNNING', limit: 5 })).toEqual([]);
  });

  it('starts a name once: the same input again is the same execution, another input is refused', async () => {
    const { runner, finish } = scriptedRunner();
    const sfn = new LocalStepFunctions(dir, new SimulatedClock(at), { runner });
    const first = await sfn.start('rel-1', input);

    expect(await sfn.start('rel-1', input)).toEqual(first);
    await expect(sfn.start('rel-1', { ...input, candidate: { version: '3' } })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(sfn.start('rel 1!', input)).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(new LocalStepFunctions(dir, new SimulatedClock(at)).start('rel-2', input)).rejects.toThrow(/cannot start/);
    finish();
    await sfn.settled(first.executionArn);
  });

  it('stops a running execution with its error and cause, then hands it to the reconciler', async () => {
    const { runner } = scriptedRunner();
    const stopped: ExecutionDetail[] = [];
    const sfn = new LocalStepFunctions(dir, new SimulatedClock(at), { runner, onStopped: async (e) => void stopped.push(e) });
    const { executionArn } = await sfn.start('rel-1', input);

    await sfn.stop(executionArn, 'Evalgate.Aborted', 'aborted by alice: bad answers');

    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ name: 'rel-1', status: 'ABORTED', error: 'Evalgate.Aborted', cause: 'aborted by alice: bad answers' });
    expect((await sfn.events(executionArn)).at(-1)).toMatchObject({ kind: 'ended', status: 'ABORTED', error: 'Evalgate.Aborted', cause: 'aborted by alice: bad answers' });
    const event = statusChangeEvent(stopped[0]!, at);
    expect(event).toMatchObject({ source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', detail: { name: 'rel-1', status: 'ABORTED', input: JSON.stringify(input), output: null } });
  });

  it('carries out a stop itself when the process running the execution is gone', async () => {
    const executionArn = LocalStepFunctions.arnOf('rel-9');
    // An execution a killed process left RUNNING (no process has this pid).
    writeFileSync(join(dir, 'executions.json'), JSON.stringify({ executions: [{ executionArn, name: 'rel-9', status: 'RUNNING', startDate: at.toISOString(), input, pid: 2 ** 22 + 12345 }] }));
    const stopped: string[] = [];
    const sfn = new LocalStepFunctions(dir, new SimulatedClock(at), { onStopped: async (e) => void stopped.push(e.status) });

    await sfn.stop(executionArn, 'Evalgate.Aborted', 'aborted by bob');

    expect(stopped).toEqual(['ABORTED']);
    expect(JSON.parse(readFileSync(join(dir, 'executions.json'), 'utf8')).executions[0]).toMatchObject({ status: 'ABORTED', cause: 'aborted by bob' });
  });

  it('leaves a stop to a live process running the execution: it notices at its next state', async () => {
    const executionArn = LocalStepFunctions.arnOf('rel-8');
    writeFileSync(join(dir, 'executions.json'), JSON.stringify({ executions: [{ executionArn, name: 'rel-8', status: 'RUNNING', startDate: at.toISOString(), input, pid: process.ppid }] }));
    const stopped: string[] = [];
    const sfn = new LocalStepFunctions(dir, new SimulatedClock(at), { onStopped: async (e) => void stopped.push(e.status) });

    await sfn.stop(executionArn, 'Evalgate.Aborted', 'aborted by carol');

    expect(stopped).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'executions.json'), 'utf8')).executions[0]).toMatchObject({ status: 'RUNNING', stopRequest: { error: 'Evalgate.Aborted', cause: 'aborted by carol' } });
  });
});
