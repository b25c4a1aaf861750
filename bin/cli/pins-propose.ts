/**
 * `evalgate pins propose MODEL_ID [--fallback ID]`: a model change as a team makes it. The pins document becomes a
 * new hosted configuration version in AppConfig (its validator enforces the pin rule) and is deployed; the
 * deployment starts a release (`source: appconfig`) through the AppConfig extension, which this command then
 * follows like `evalgate release`. Everything that can be refused is refused before anything is created.
 */
import { checkModelPin } from '../../evals/engine/pins';
import type { ModelPins } from '../../functions/release/state';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { parseOperatorArgs, wholeNumber, WHERE_USAGE } from './operator/args';
import { openBackend, type OperatorBackend } from './operator/backend';
import { follow, pollUntil } from './operator/follow';
import { describeRouting } from './operator/routing';
import { operatorName, releasesInFlight } from './operator/in-flight';

export const PROPOSE_USAGE = `Usage: evalgate pins propose MODEL_ID [--fallback MODEL_ID] [--function NAME] [--detach] [--timeout SECONDS]
                            [--local [--dir DIR] | --outputs FILE]

Creates a model-pins configuration version in AppConfig and deploys it: the deployment starts a release of the
model change (eval gate, canary, rollback), which this command follows to its end.

  MODEL_ID            the model to pin, a dated or versioned snapshot (gpt-4o-2024-11-20, never gpt-4o)
  --fallback ID       the fallback model, pinned the same way (default: none)
  --function NAME     the function whose pins these are (default: the pipeline's)
  --detach            deploy and return once the release has started
  --timeout SECONDS   how long to wait for the release to start (default 60)
${WHERE_USAGE}

Exit codes: as 'evalgate release' (0 promoted, 1 blocked or rolled back, 2 refused or bad input, 3 needs a person).
`;

export async function pinsProposeCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOperatorArgs(argv, { fallback: { type: 'string' }, function: { type: 'string' }, detach: { type: 'boolean' }, timeout: { type: 'string' } }, PROPOSE_USAGE, true);
  if (values.help) {
    io.stdout(PROPOSE_USAGE);
    return EXIT.pass;
  }
  if (positionals.length !== 1) throw new UsageError(`pins propose takes one MODEL_ID, got ${positionals.length}\n${PROPOSE_USAGE}`);
  const modelId = positionals[0]!;
  for (const [where, id] of [['MODEL_ID', modelId], ['--fallback', values.fallback]] as const) {
    if (id === undefined) continue;
    const verdict = checkModelPin(id);
    if (!verdict.ok) throw new UsageError(`${where} ${JSON.stringify(id)} is not pinned: ${verdict.reason}`);
  }
  const timeoutSeconds = wholeNumber(values.timeout, '--timeout', 60);
  const document: ModelPins = { modelId, ...(values.fallback === undefined ? {} : { fallbackModelId: values.fallback }) };

  const backend = await openBackend({ local: values.local === true, dir: values.dir, outputs: values.outputs, functionName: values.function, runs: true }, io);
  try {
    io.stdout(`evalgate: ${backend.where}\n`);
    const pinStore = backend.pinStore;
    if (!pinStore) throw new UsageError('this pipeline manages no model pins (modelPins: false): release a published version with evalgate release --version N');
    const target = backend.targets.find((t) => values.function === undefined || t.functionName === values.function);
    if (!target) throw new UsageError(`no pipeline releases function '${values.function}'`);
    // A deployment now would start a release that Prepare must refuse: refuse it here, before anything changes.
    const busy = (await releasesInFlight(backend)).find((r) => r.target.functionName === target.functionName && r.target.alias === target.alias);
    if (busy) throw new UsageError(`release ${busy.execution.name} is in flight on ${target.functionName}:${target.alias}: wait for it ('evalgate status') or abort it ('evalgate abort')`);
    const live = await pinStore.deployedVersion();
    if (live !== undefined) {
      const current = await pinStore.getVersion(live);
      if (current.modelId === document.modelId && current.fallbackModelId === document.fallbackModelId) {
        throw new UsageError(`configuration ${live} already pins ${modelId}${document.fallbackModelId ? ` with fallback ${document.fallbackModelId}` : ''}: nothing to propose`);
      }
    }
    const configurationVersion = await pinStore.createHostedVersion(document);
    io.stdout(`created model-pins configuration version ${configurationVersion}: ${JSON.stringify(document)}\n`);
    await pinStore.deploy(configurationVersion, `pins proposed by ${operatorName(io.env)}: ${modelId}`);
    io.stdout(`deployed configuration ${configurationVersion} (was ${live ?? 'none'}); waiting for the release it starts...\n`);
    const executionArn = await releaseOf(backend, configurationVersion, timeoutSeconds * 1000);
    if (!executionArn) {
      io.stderr(`evalgate: no release of configuration ${configurationVersion} started within ${timeoutSeconds} s: check the AppConfig extension's trigger function logs\n`);
      return 3;
    }
    io.stdout(`release ${executionArn.split(':').at(-1)} started by the AppConfig deployment\n`);
    if (values.detach) return EXIT.pass;
    const timeline = await follow(backend.executions, executionArn, (line) => io.stdout(`${line}\n`), { pollMs: backend.pollMs });
    const routing = await backend.router.getRouting(target);
    io.stdout(`=> ${timeline.end?.outcome ?? 'still running'}; ${describeRouting(target.alias, routing)}; model pins configuration ${(await pinStore.deployedVersion()) ?? 'none'} live\n`);
    return (timeline.end?.exitCode ?? EXIT.blocked) as ExitCode;
  } finally {
    await backend.close();
  }
}

/** The execution releasing `configurationVersion`, once the trigger has started it. */
function releaseOf(backend: OperatorBackend, configurationVersion: string, timeoutMs: number): Promise<string | undefined> {
  const seen = new Set<string>();
  return pollUntil(
    async () => {
      for (const execution of await backend.executions.list({ limit: 10 })) {
        if (seen.has(execution.executionArn)) continue;
        seen.add(execution.executionArn);
        const { input } = await backend.executions.describe(execution.executionArn);
        const pins = (input as { candidate?: { modelPins?: { configurationVersion?: string } } })?.candidate?.modelPins;
        if (pins?.configurationVersion === configurationVersion) return execution.executionArn;
      }
      return undefined;
    },
    timeoutMs,
    Math.min(backend.pollMs, 2_000),
  );
}
