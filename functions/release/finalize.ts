/**
 * Finalize: the last task of every terminal path. It removes what the release created (per-release alarms, the
 * lock), writes the record and tells people. Every step is attempted even when another fails, so one broken
 * dependency cannot leave a lock held or alarms behind; failures are then raised together as a
 * TransientReleaseError for the state machine to retry, which is safe because every step is idempotent.
 *
 * A model-pin change was deployed in AppConfig before it was released. When the release ends other than promoted,
 * the stable version serves the old pins, so Finalize reverts AppConfig to them first (after a rollback, Rollback
 * did it and this finds the work done): the record then says where the pins stand, and the lock is freed once they
 * are back. A pin change refused by Prepare has no Release; its input (from the AppConfig trigger) names the
 * configuration that was live before, and Finalize puts that back.
 */
import type { Clock } from '../ports/clock';
import type { FunctionRegistry } from '../ports/function-registry';
import type { HealthSource } from '../ports/health-source';
import type { Notifier } from '../ports/notifier';
import type { PinStore } from '../ports/pin-store';
import type { ReleaseStore } from '../ports/release-store';
import type { ReportStore } from '../ports/report-store';
import { ReleaseRefusedError, TransientReleaseError } from '../shared/errors';
import { releaseAlarmNames } from './alarm-specs';
import { releaseInputSchema } from './input';
import { deployPins, revertPins, type PinsRevert } from './pins-revert';
import { lockKey } from './prepare';
import { buildRecord, type FinalizeEvent } from './record';
import type { Release, ReleaseOutcome, ReleaseRecord } from './state';

export interface FinalizeDeps {
  readonly healthSource: Pick<HealthSource, 'deleteAlarms'>;
  readonly releaseStore: ReleaseStore;
  readonly reportStore: ReportStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** Gives $LATEST its environment back after a model-pin release that did not promote. */
  readonly registry: Pick<FunctionRegistry, 'getVersion' | 'restoreLatest'>;
  /** Absent when the pipeline manages no model pins (`modelPins: false`); only a release with `pins` needs it. */
  readonly pinStore?: PinStore;
}

type Step = readonly [what: string, run: () => Promise<void>];
interface Failure {
  readonly what: string;
  readonly error: unknown;
}

/** @example recordKey('rel-1') // 'releases/rel-1/record.json' */
export const recordKey = (releaseId: string): string => `releases/${releaseId}/record.json`;

/**
 * @example
 * notificationSubject(record); // 'evalgate: assistant:live 5 -> 6 promoted'
 */
export function notificationSubject(record: ReleaseRecord): string {
  const versions = record.release ? ` ${record.release.stableVersion} -> ${record.release.candidateVersion}` : '';
  return `evalgate: ${record.functionName}:${record.alias}${versions} ${record.outcome}`;
}

/**
 * @example
 * await finalize({ outcome: 'promoted', input, executionName: 'rel-1', release, gate }, deps); // the ReleaseRecord
 */
export async function finalize(event: FinalizeEvent, deps: FinalizeDeps): Promise<ReleaseRecord> {
  const built = buildRecord(event, deps.clock.now());
  const { release } = event;
  const pins = release ? await restorePins(release, built.outcome, deps.pinStore) : await restoreRefusedPins(event, deps.pinStore);
  const record: ReleaseRecord = pins.reasons.length === 0 ? built : { ...built, reasons: [...built.reasons, ...pins.reasons] };
  const steps: Step[] = [...cleanupSteps(event, deps), ...restoreLatestSteps(release, built.outcome, deps)];
  steps.push(
    ['store the record', () => deps.releaseStore.putRecord(record)],
    ['write the record to the reports bucket', () => deps.reportStore.putJson(recordKey(record.releaseId), record)],
    // Notified even when a step above failed: a retry may send it twice, which beats nobody hearing of the release.
    ['notify', () => deps.notifier.notify(notificationSubject(record), notificationOf(record))],
  );
  const failures = [...pins.failures, ...(await attempt(steps))];
  if (failures.length > 0) {
    throw new TransientReleaseError(
      `finalize of release ${record.releaseId} is incomplete: ${failures.map(({ what, error }) => `could not ${what}: ${messageOf(error)}`).join('; ')}`,
      { cause: new AggregateError(failures.map(({ error }) => error)) },
    );
  }
  return record;
}

/**
 * What the release may have left: its alarms and its lock. A Release names them. Without one (refused in or before
 * Prepare) they may still exist: a Prepare killed by its timeout, or failing where its own cleanup could not run,
 * took the lock and may have created the alarms. Both are named by the execution alone, and the store frees the lock
 * only if this execution holds it, so a release refused because another holds the lock leaves that one alone.
 * Deleting alarm names that do not exist is safe: "If you specify any incorrect alarm names, the alarms you specify
 * with correct names are still deleted" (CloudWatch API Reference, DeleteAlarms).
 */
function cleanupSteps(event: FinalizeEvent, deps: FinalizeDeps): Step[] {
  const { release } = event;
  if (release) {
    return [
      ...(release.alarmNames.length > 0 ? [['delete the release alarms', () => deps.healthSource.deleteAlarms(release.alarmNames)] as const] : []),
      ['release the lock', () => deps.releaseStore.releaseLock(lockKey(release.functionName, release.alias), release.releaseId)],
    ];
  }
  const input = releaseInputSchema.safeParse(event.input);
  // Input too malformed to name a target never reached the lock (Prepare parses before it takes it).
  if (!input.success) return [];
  const { functionName, alias } = input.data.target;
  return [
    ['delete the release alarms', () => deps.healthSource.deleteAlarms(releaseAlarmNames(event.executionName))],
    ['release the lock', () => deps.releaseStore.releaseLock(lockKey(functionName, alias), event.executionName)],
  ];
}

/**
 * A model-pin candidate was published from $LATEST with the proposed pins in its environment; unless it was
 * promoted (then $LATEST runs what the alias serves), $LATEST goes back to the stable version's environment, so
 * nothing invoking $LATEST runs refused pins and the next pin change starts from the live one. Only while $LATEST
 * still holds the candidate: a deploy since is someone else's.
 */
function restoreLatestSteps(release: Release | undefined, outcome: ReleaseOutcome, deps: FinalizeDeps): Step[] {
  if (!release?.pins || outcome === 'promoted') return [];
  return [
    [
      'restore the environment of $LATEST',
      async () => {
        const [stable, candidate] = await Promise.all([
          deps.registry.getVersion(release.functionName, release.stableVersion),
          deps.registry.getVersion(release.functionName, release.candidateVersion),
        ]).catch((error: unknown) => {
          // A version deleted since (by hand, or by a deploy that retains none): nothing to tell $LATEST by.
          if (error instanceof ReleaseRefusedError) return [];
          throw error;
        });
        if (stable && candidate) await deps.registry.restoreLatest(candidate, stable.environment);
      },
    ],
  ];
}

/** Runs every step, whatever the others do, and returns those that failed. */
async function attempt(steps: readonly Step[]): Promise<Failure[]> {
  const settled = await Promise.allSettled(steps.map(([, run]) => run()));
  return settled.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ what: steps[i]![0], error: outcome.reason as unknown }] : []));
}

const messageOf = (error: unknown): string => (error as Error)?.message ?? String(error);

interface PinsOutcome {
  readonly reasons: string[];
  readonly failures: Failure[];
}

const NOTHING: PinsOutcome = { reasons: [], failures: [] };

/**
 * Reverts the model pins of a release that did not end promoted (after every other outcome the stable version
 * serves; after a rollback this is a check that finds Rollback's work done), and says in the record where they
 * stand. A failure is recorded as well as raised: if every retry fails, the record still says so.
 */
async function restorePins(release: Release, outcome: ReleaseOutcome, pinStore: PinStore | undefined): Promise<PinsOutcome> {
  if (!release.pins || outcome === 'promoted') return NOTHING;
  const previous = release.pins.previousConfigurationVersion;
  return attemptRevert(`revert the model pins${previous === undefined ? '' : ` to configuration ${previous}`}`, async () =>
    pinsReasons(await revertPins(release, pinStore, `revert of ${outcome} release ${release.releaseId}`), release),
  );
}

/**
 * A pin change refused by Prepare (the lock held by another release, an unpinned model, ...) has no Release, but
 * the AppConfig trigger deployed it and put in the input what AppConfig served before: while AppConfig still
 * serves the refused configuration, that one goes back. Any other refused input changed nothing in AppConfig.
 */
async function restoreRefusedPins(event: FinalizeEvent, pinStore: PinStore | undefined): Promise<PinsOutcome> {
  const input = releaseInputSchema.safeParse(event.input);
  if (!input.success || input.data.change.source !== 'appconfig' || !('modelPins' in input.data.candidate) || !pinStore) return NOTHING;
  const { configurationVersion, previousConfigurationVersion: previous } = input.data.candidate.modelPins;
  if (previous === undefined || previous === configurationVersion) return NOTHING;
  return attemptRevert(`revert the model pins to configuration ${previous}`, async () => {
    const deployed = await pinStore.deployedVersion();
    if (deployed === previous) return [`model pins already on configuration ${previous}`];
    if (deployed !== configurationVersion) return [supersededReason(deployed, previous)];
    await deployPins(pinStore, previous, `revert of refused pin change ${event.executionName}`);
    return [`model pins reverted to configuration ${previous}: the refused configuration ${configurationVersion} is not live`];
  });
}

async function attemptRevert(what: string, revert: () => Promise<string[]>): Promise<PinsOutcome> {
  try {
    return { reasons: await revert(), failures: [] };
  } catch (error) {
    return { reasons: [`could not ${what}: ${messageOf(error)}`], failures: [{ what, error }] };
  }
}

/** @example supersededReason('4', '2'); // 'model pins not reverted to configuration 2: AppConfig serves configuration 4, ...' */
function supersededReason(deployed: string | undefined, previous: string): string {
  const serves = deployed === undefined ? 'AppConfig serves no configuration' : `AppConfig serves configuration ${deployed}`;
  return `model pins not reverted to configuration ${previous}: ${serves}, which this release did not deploy; left to the change that did`;
}

/** @example pinsReasons({ status: 'reverted', configurationVersion: '2' }, release); // ['model pins reverted to configuration 2'] */
function pinsReasons(pins: PinsRevert, release: Release): string[] {
  switch (pins.status) {
    case 'no-pins':
      return [];
    case 'reverted':
      if (pins.stoppedDeployment !== undefined) {
        return [`model pins reverted to configuration ${pins.configurationVersion}: deployment ${pins.stoppedDeployment} of configuration ${release.pins?.configurationVersion}, still in progress, was stopped and rolled back by AppConfig`];
      }
      return [`model pins reverted to configuration ${pins.configurationVersion}`];
    case 'already-reverted':
      // A retried Finalize (or pins never deployed): the record still says where AppConfig stands.
      return [`model pins already on configuration ${pins.configurationVersion}`];
    case 'untracked':
      return [
        `model pins not reverted: live version ${release.stableVersion} predates pin tracking, so configuration ${pins.configurationVersion} may still be deployed; deploy the pins version ${release.stableVersion} runs in AppConfig by hand`,
      ];
    case 'superseded':
      return [supersededReason(pins.deployedVersion, pins.configurationVersion)];
    case 'no-pin-store':
      return [
        `model pins not reverted: this pipeline has no pin store (modelPins: false); deploy model pins configuration version ${pins.configurationVersion} in AppConfig by hand`,
      ];
  }
}

/** Small and free of eval outputs: notifications go to mail and chat, the details stay in the reports bucket. */
function notificationOf(record: ReleaseRecord): Record<string, unknown> {
  return {
    releaseId: record.releaseId,
    functionName: record.functionName,
    alias: record.alias,
    outcome: record.outcome,
    reasons: record.reasons,
    ...(record.release ? { stableVersion: record.release.stableVersion, candidateVersion: record.release.candidateVersion, kind: record.release.change.kind } : {}),
    ...(record.gate ? { reportKey: record.gate.reportKey } : {}),
    recordKey: recordKey(record.releaseId),
    ...(record.durationMs === undefined ? {} : { durationMs: record.durationMs }),
  };
}
