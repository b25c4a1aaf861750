/**
 * What the local stage runs, read from a synthesized template (and the cloud assembly around it): the release
 * state machine as plain ASL, the settings the construct computed at synth for its tasks, and the function it
 * releases: its environment as deployed, its code (the bundled asset, run as a module) and its initial pins,
 * with the suites and policy exactly as shipped in the evals layer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AlarmThresholds } from '../../functions/release/alarm-specs';
import type { EvalShard, ModelPins } from '../../functions/release/state';
import { placeholderResolver, resolveDefinition, resolveIntrinsic, type Asl, type CfnTemplate, type RefResolver } from './asl';

export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
}

/** A version's code on the local stage: a module and the export Lambda calls. */
export interface LocalCode {
  readonly path: string;
  readonly exportName: string;
}

export interface LocalRelease {
  /** The stack and the construct path of the EvalGatedRelease. */
  readonly stack: string;
  readonly path: string;
  readonly asl: Asl;
  readonly evalShards: readonly EvalShard[];
  readonly alarmThresholds: AlarmThresholds;
  readonly maxReleaseMinutes: number;
  /** The interval of the canary's health checks (the Bake waits). */
  readonly healthCheckIntervalMs: number;
  readonly target: {
    /** The function's name on the local stage: its FunctionName, else its construct id. */
    readonly functionName: string;
    readonly alias: string;
    /** Its environment as deployed (references to other resources become placeholders). */
    readonly environment: Readonly<Record<string, string>>;
    /** Undefined when the template has no asset path for it (`--template` of a copied template): give --handler. */
    readonly code?: LocalCode;
    /** The hash of its code asset: what versions carry as their code hash. */
    readonly codeSha256: string;
  };
  /** The suites and policy of the evals layer, when the assembly has its asset. */
  readonly evals?: { readonly suitesDir: string; readonly policyFile: string };
  /** The pins of the first hosted configuration version; undefined with `modelPins: false`. */
  readonly initialPins?: ModelPins;
}

type Resource = CfnTemplate['Resources'][string] & { readonly Metadata?: Readonly<Record<string, unknown>> };

interface Manifest {
  readonly artifacts?: Readonly<Record<string, { readonly type: string; readonly properties?: { readonly templateFile?: string; readonly directoryName?: string } }>>;
}

/** Every stack template of a cloud assembly, nested assemblies (stages) included. */
export function stackTemplates(assemblyDir: string): string[] {
  const manifestFile = join(assemblyDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new AssemblyError(`${assemblyDir} is not a cloud assembly (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.values(manifest.artifacts ?? {}).flatMap((artifact) => {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) return [join(assemblyDir, artifact.properties.templateFile)];
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) return stackTemplates(join(assemblyDir, artifact.properties.directoryName));
    return [];
  });
}

/** The operator output every EvalGatedRelease writes: which state machine, function and alias belong together. */
interface ReleaseOutput {
  readonly path: string;
  readonly stateMachine: string;
  readonly target: string;
  readonly alias: string;
}

/** Refs resolve to `@ref:<logical id>` so the output's JSON names the resources it points at. */
const markRefs: RefResolver = (logicalId, attribute) => (attribute === undefined ? `@ref:${logicalId}` : `@ref:${logicalId}.${attribute}`);
const refOf = (value: unknown): string | undefined => (typeof value === 'string' && value.startsWith('@ref:') ? value.slice(5).split('.')[0] : undefined);

function releaseOutputs(template: CfnTemplate & { readonly Outputs?: Record<string, { readonly Value?: unknown }> }): ReleaseOutput[] {
  return Object.entries(template.Outputs ?? {}).flatMap(([id, output]) => {
    if (!id.includes('EvalgateRelease')) return [];
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(resolveIntrinsic(output.Value, markRefs)) as Record<string, unknown>;
    } catch {
      return [];
    }
    const stateMachine = refOf(value.stateMachineArn);
    const target = refOf(value.functionName);
    if (value.evalgate !== 1 || !stateMachine || !target || typeof value.alias !== 'string') return [];
    const path = String((template.Resources[stateMachine] as Resource | undefined)?.Metadata?.['aws:cdk:path'] ?? stateMachine).replace(/\/StateMachine\/Resource$/, '');
    return [{ path, stateMachine, target, alias: value.alias }];
  });
}

/**
 * The release to run locally: the only EvalGatedRelease of the templates, or the one whose construct path or
 * function `select` names.
 *
 * @example
 * const release = readRelease(stackTemplates('.evalgate/synth/3f9c…'));
 * release.target.functionName; // 'Assistant'
 */
export function readRelease(templateFiles: readonly string[], select?: string): LocalRelease {
  const found = templateFiles.flatMap((file) => {
    const template = JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
    return releaseOutputs(template).map((output) => ({ file, template, output }));
  });
  const matching = select === undefined ? found : found.filter(({ file, template, output }) => output.path === select || output.path.endsWith(`/${select}`) || functionNameOf(template, output.target) === select || stackName(file) === select);
  if (matching.length !== 1) {
    const all = found.map(({ output, template }) => `${output.path} (function ${functionNameOf(template, output.target)})`);
    if (found.length === 0) throw new AssemblyError(`no EvalGatedRelease in ${templateFiles.length === 0 ? 'the app (it synthesized no stack)' : templateFiles.join(', ')}`);
    throw new AssemblyError(`${matching.length === 0 ? `no EvalGatedRelease matches '${select}'` : 'the app has several EvalGatedReleases'}; choose one with --release: ${all.join(', ')}`);
  }
  const { file, template, output } = matching[0]!;
  return releaseOf(template, output, dirname(file), stackName(file));
}

/**
 * The release of one template in memory (a template test's), without the assembly around it: no code assets.
 *
 * @example
 * releaseOfTemplate(Template.fromStack(stack).toJSON()).asl.StartAt; // 'Prepare'
 */
export function releaseOfTemplate(template: CfnTemplate, stack = 'Stack'): LocalRelease {
  const [output, ...more] = releaseOutputs(template);
  if (!output || more.length > 0) throw new AssemblyError(`the template must hold one EvalGatedRelease, got: ${more.length + (output ? 1 : 0)}`);
  return releaseOf(template, output, '.', stack);
}

const stackName = (templateFile: string): string => templateFile.replace(/^.*\//, '').replace(/\.template\.json$/, '');

function functionNameOf(template: CfnTemplate, logicalId: string): string {
  const resource = template.Resources[logicalId] as Resource | undefined;
  const name = resource?.Properties?.FunctionName;
  if (typeof name === 'string') return name;
  const path = resource?.Metadata?.['aws:cdk:path'];
  // `Stack/Assistant/Resource` -> `Assistant`: the construct a person named.
  return typeof path === 'string' ? path.split('/').slice(1, -1).join('-') || logicalId : logicalId;
}

/** Local values for what only exists once deployed: the first hosted configuration version is 1, as on AWS. */
function localResolver(template: CfnTemplate): RefResolver {
  const placeholders = placeholderResolver(template);
  return (logicalId, attribute) => {
    const type = template.Resources[logicalId]?.Type;
    if (type === 'AWS::AppConfig::HostedConfigurationVersion' && (attribute === undefined || attribute === 'VersionNumber')) return '1';
    if (type === 'AWS::Lambda::Function' && attribute === undefined) return functionNameOf(template, logicalId);
    return placeholders(logicalId, attribute);
  };
}

function assetDir(resource: Resource | undefined, assemblyDir: string): string | undefined {
  const path = resource?.Metadata?.['aws:asset:path'];
  if (typeof path !== 'string') return undefined;
  const dir = resolve(assemblyDir, path);
  return existsSync(dir) ? dir : undefined;
}

/** `index.handler` of an asset folder -> the module file (index.mjs, .js or .cjs) and its export. */
function handlerCode(dir: string, handler: unknown): LocalCode | undefined {
  if (typeof handler !== 'string' || !handler.includes('.')) return undefined;
  const cut = handler.lastIndexOf('.');
  const [module, exportName] = [handler.slice(0, cut), handler.slice(cut + 1)];
  for (const extension of ['.mjs', '.js', '.cjs']) {
    const path = join(dir, `${module}${extension}`);
    if (existsSync(path)) return { path, exportName };
  }
  return undefined;
}

function releaseOf(template: CfnTemplate, output: ReleaseOutput, assemblyDir: string, stack: string): LocalRelease {
  const resolveRef = localResolver(template);
  const resources = template.Resources as Readonly<Record<string, Resource>>;
  const target = resources[output.target];
  if (target?.Type !== 'AWS::Lambda::Function') throw new AssemblyError(`${output.path}: its target ${output.target} is not a Lambda function of ${stack}`);
  const runtime = String(target.Properties?.Runtime ?? '');
  if (!runtime.startsWith('nodejs')) throw new AssemblyError(`${output.path}: the local stage runs Node.js functions, ${functionNameOf(template, output.target)} runs ${runtime || 'a container image'}`);

  const variables = ((target.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
  const environment = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolveIntrinsic(value, resolveRef)]));
  const dir = assetDir(target, assemblyDir);
  const code = dir ? handlerCode(dir, target.Properties?.Handler) : undefined;
  const codeSha256 = dir ? dir.replace(/^.*asset\./, '') : JSON.stringify(target.Properties?.Code ?? {});

  // Without path metadata (a template test's synth), every resource counts as the release's.
  const inRelease = (id: string) => {
    const path = resources[id]?.Metadata?.['aws:cdk:path'];
    return typeof path !== 'string' || path.startsWith(`${output.path}/`);
  };
  const prepare = Object.entries(resources).find(([id, r]) => inRelease(id) && typeof (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.EVALGATE_EVAL_SHARDS === 'string');
  if (!prepare) throw new AssemblyError(`${output.path} has no Prepare function in ${stack}`);
  const prepareEnv = (prepare[1].Properties!.Environment as { Variables: Record<string, string> }).Variables;

  const asl = resolveDefinition(template, output.stateMachine, placeholderResolver(template));
  const bake = Object.values(asl.States).find((state) => state.Type === 'Wait' && typeof state.Seconds === 'number');
  const layer = Object.entries(resources).find(([id, r]) => inRelease(id) && r.Type === 'AWS::Lambda::LayerVersion');
  const layerDir = layer ? assetDir(layer[1], assemblyDir) : undefined;
  const pins = Object.entries(resources).find(([id, r]) => inRelease(id) && r.Type === 'AWS::AppConfig::HostedConfigurationVersion');

  return {
    stack,
    path: output.path,
    asl,
    evalShards: JSON.parse(prepareEnv.EVALGATE_EVAL_SHARDS!) as EvalShard[],
    alarmThresholds: JSON.parse(prepareEnv.EVALGATE_ALARM_THRESHOLDS!) as AlarmThresholds,
    maxReleaseMinutes: Number(prepareEnv.EVALGATE_MAX_RELEASE_MINUTES),
    healthCheckIntervalMs: ((bake?.Seconds as number | undefined) ?? 60) * 1000,
    target: { functionName: functionNameOf(template, output.target), alias: output.alias, environment, ...(code ? { code } : {}), codeSha256 },
    ...(layerDir && existsSync(join(layerDir, 'evalgate', 'suites')) ? { evals: { suitesDir: join(layerDir, 'evalgate', 'suites'), policyFile: join(layerDir, 'evalgate', 'policy.yaml') } } : {}),
    ...(pins ? { initialPins: JSON.parse(String(pins[1].Properties?.Content)) as ModelPins } : {}),
  };
}

/** The template files of a folder that is a cloud assembly, or the one template given. */
export function templatesAt(path: string): string[] {
  if (existsSync(join(path, 'manifest.json'))) return stackTemplates(path);
  if (existsSync(path) && !path.endsWith('.json')) return readdirSync(path).filter((f) => f.endsWith('.template.json')).map((f) => join(path, f));
  return [path];
}
