/**
 * What the operator commands (`evalgate release | status | history | abort | pins propose`) work on: a deployed
 * pipeline on AWS or the local stage, behind the same ports, so the commands are written once.
 */
import type { PinStore } from './pin-store';
import type { ReleaseExecutions } from './release-executions';
import type { ReleaseStore } from './release-store';
import type { TrafficRouter } from './traffic-router';

export interface ReleaseTarget {
  readonly functionName: string;
  readonly alias: string;
}

export interface OperatorBackend {
  /** Said in the first line of every command: which pipeline this is. */
  readonly where: string;
  /** The release targets this pipeline knows (status and history list them). */
  readonly targets: readonly ReleaseTarget[];
  readonly executions: ReleaseExecutions;
  readonly router: Pick<TrafficRouter, 'getRouting'>;
  readonly releaseStore: Pick<ReleaseStore, 'recentRecords' | 'findRecord'>;
  /** Absent when the pipeline manages no model pins. */
  readonly pinStore?: PinStore;
  /** What an operator should know about an execution in flight that its state does not say, if anything. */
  noteOn?(executionArn: string): string | undefined;
  /** How often to read an execution's history while following it. */
  readonly pollMs: number;
  /** Proposes a pins document: a new hosted configuration version, deployed (which starts a release). */
  proposePins?(document: { modelId: string; fallbackModelId?: string }, description: string): Promise<{ configurationVersion: string; executionName?: string }>;
  close(): Promise<void>;
}
