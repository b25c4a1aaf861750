/**
 * What the operator commands work on: a deployed pipeline on AWS (found in the CDK outputs file) or the local
 * stage (`--local`). Both give the same ports, so `release`, `status`, `history`, `abort` and `pins propose` are
 * written once and the local stage is how they are tested end to end.
 */
import { resolve } from 'node:path';
import type { OperatorBackend } from '../../../functions/ports/operator-backend';
import type { CliIo } from '../io';
import { readDeployments, selectDeployment } from './deployment';

export type { OperatorBackend, ReleaseTarget } from '../../../functions/ports/operator-backend';

export interface BackendOptions {
  readonly local: boolean;
  /** The local stage's folder. @default .evalgate/stage */
  readonly dir?: string;
  /** The CDK outputs file. @default cdk-outputs.json */
  readonly outputs?: string;
  readonly functionName?: string;
  /** Whether this command runs releases (starting or reconciling them): the local stage then loads its machine. */
  readonly runs: boolean;
}

export const DEFAULT_STAGE_DIR = '.evalgate/stage';

/**
 * @example
 * const backend = await openBackend({ local: true, runs: false }, io);
 * await backend.executions.list({ status: 'RUNNING', limit: 10 });
 */
export async function openBackend(options: BackendOptions, io: CliIo): Promise<OperatorBackend> {
  if (options.local) {
    // The local stage calls no AWS service: the SDK's notice about future Node.js versions is noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const [{ openLocalOperator }, { stageErrors }] = await Promise.all([import('../../../lib/local-stage/operator'), import('../stage-options')]);
    return stageErrors(() => openLocalOperator({ dir: resolve(io.cwd, options.dir ?? DEFAULT_STAGE_DIR), runs: options.runs, log: (line) => io.stderr(`${line}\n`) }));
  }
  const deployment = selectDeployment(readDeployments(options.outputs ?? io.env.EVALGATE_OUTPUTS ?? 'cdk-outputs.json', io.cwd), options.functionName);
  const { awsOperatorAdapters } = await import('../../../functions/adapters/aws/operator');
  const adapters = awsOperatorAdapters(deployment);
  return {
    where: `${deployment.stateMachineArn}`,
    targets: [{ functionName: deployment.functionName, alias: deployment.alias }],
    ...adapters,
    pollMs: 3_000,
    close: async () => undefined,
  };
}
