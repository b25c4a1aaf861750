/**
 * `evalgate stage`: the local stage's own controls, standing in for what a build or a person does on AWS.
 * `init` starts a fresh stage (Lumen Assist version 1 live, pins configuration 1); `publish` publishes a new
 * version of the assistant the way the delivery pipeline's publish step does (the alias does not move).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { DEFAULT_STAGE_DIR } from './operator/backend';

export const STAGE_USAGE = `Usage: evalgate stage init [--prompt-bundle ID] [--dir DIR]
       evalgate stage publish [--prompt-bundle ID] [--model MODEL_ID] [--description TEXT] [--dir DIR]

The local stage (simulated AWS, kept in DIR, default ${DEFAULT_STAGE_DIR}) that 'evalgate release --local',
'status --local', 'history --local', 'abort --local' and 'pins propose --local' work on.

  init      start afresh: assistant version 1 live on 'live' at 100%, model pins configuration 1 deployed
  publish   publish a new version of the assistant from the live one, as the delivery pipeline would (the alias
            does not move); prints its number for 'evalgate release --local --version N'

  --prompt-bundle ID   the prompt bundle the version runs: 2024-10 or 2024-12 (default: the current one)
  --model MODEL_ID     set the model id by hand (a model change belongs in 'evalgate pins propose')
  --description TEXT   the version's description
`;

export async function stageCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { 'prompt-bundle': { type: 'string' }, model: { type: 'string' }, description: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${STAGE_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(STAGE_USAGE);
    return values.help ? EXIT.pass : EXIT.usage;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'\n${STAGE_USAGE}`);
  const { PROMPT_BUNDLE_IDS } = await import('../../functions/sample-assistant/prompts');
  const bundle = values['prompt-bundle'];
  if (bundle !== undefined && !(PROMPT_BUNDLE_IDS as readonly string[]).includes(bundle)) throw new UsageError(`--prompt-bundle must be one of ${PROMPT_BUNDLE_IDS.join(', ')}, got: ${bundle}`);
  const dir = resolve(io.cwd, values.dir ?? DEFAULT_STAGE_DIR);
  const { localStageWorld, publishAssistantVersion } = await import('../../lib/local-stage/operator');
  const { seedStage } = await import('../../lib/demo/seed');
  switch (sub) {
    case 'init': {
      if (values.model !== undefined || values.description !== undefined) throw new UsageError('stage init takes only --prompt-bundle and --dir');
      rmSync(dir, { recursive: true, force: true });
      await seedStage(localStageWorld(dir), bundle as never);
      io.stdout(`local stage ready in ${dir}: assistant version 1 live on 'live' at 100%, model pins configuration 1\n`);
      return EXIT.pass;
    }
    case 'publish': {
      const version = await publishAssistantVersion(localStageWorld(dir), { ...(bundle ? { promptBundle: bundle as never } : {}), ...(values.model ? { modelId: values.model } : {}), ...(values.description ? { description: values.description } : {}) });
      io.stdout(`${version.published}\n`);
      io.stderr(`published assistant version ${version.published} (${version.summary}); the alias still serves version ${version.live}\n`);
      return EXIT.pass;
    }
    default:
      throw new UsageError(`unknown stage command '${sub}'; allowed: init, publish`);
  }
}
