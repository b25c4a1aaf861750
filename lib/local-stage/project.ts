/**
 * The local stage of a team's project: which CDK app (or template) it runs, which EvalGatedRelease of it, and
 * the production traffic it replays. `evalgate stage init` writes it to `<stage>/stage.json`, so the operator
 * commands that follow (`release --local`, `pins propose --local`, `stage publish`) run the same pipeline.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadSuite } from '../../evals/engine/suite/load';
import { readRelease, stackTemplates, templatesAt, type LocalRelease } from './assembly';
import { synthesizeApp } from './synth';
import { loadTraffic, trafficFromSuites, type TrafficSample } from './traffic';

export const projectSchema = z.strictObject({
  /** The project folder: where cdk.json is and the app runs. */
  appDir: z.string().min(1),
  /** The app command (default: cdk.json's) or a synthesized template; not both. */
  app: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  /** Context of the synthesis (`-c key=value`). */
  context: z.record(z.string(), z.string()).default({}),
  /** Which EvalGatedRelease, by construct path, function or stack, when the app has several. */
  release: z.string().min(1).optional(),
  /** Production requests (a JSONL file or a folder of them); the suites' inputs without. */
  traffic: z.string().min(1).optional(),
  /** Variables every version runs with on the local stage, on top of its own. */
  environment: z.record(z.string(), z.string()).default({}),
});
export type LocalProject = z.infer<typeof projectSchema>;

export interface OpenedProject {
  readonly release: LocalRelease;
  readonly traffic: readonly TrafficSample[];
}

/**
 * Synthesizes the app (cached by its inputs) or reads the template, and picks the release.
 *
 * @example
 * const { release, traffic } = await openProject({ appDir: process.cwd(), context: {}, environment: {} });
 */
export async function openProject(project: LocalProject, log?: (line: string) => void): Promise<OpenedProject> {
  const templates = project.template
    ? templatesAt(resolve(project.appDir, project.template))
    : stackTemplates(await synthesizeApp({ appDir: project.appDir, ...(project.app ? { app: project.app } : {}), context: project.context, ...(log ? { log } : {}) }));
  const release = readRelease(templates, project.release);
  const traffic = project.traffic ? loadTraffic(resolve(project.appDir, project.traffic)) : suiteTraffic(release);
  return { release, traffic };
}

function suiteTraffic(release: LocalRelease): TrafficSample[] {
  const dir = release.evals?.suitesDir;
  if (!dir) return [];
  return trafficFromSuites(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => loadSuite(join(dir, f))));
}

const stageFile = (dir: string) => join(dir, 'stage.json');

export function saveProject(dir: string, project: LocalProject): void {
  writeFileSync(stageFile(dir), `${JSON.stringify(project, null, 2)}\n`);
}

/** The project a stage was made for, or undefined for a stage that has none yet. */
export function projectOf(dir: string): LocalProject | undefined {
  if (!existsSync(stageFile(dir))) return undefined;
  const parsed = projectSchema.safeParse(JSON.parse(readFileSync(stageFile(dir), 'utf8')));
  if (!parsed.success) throw new Error(`${stageFile(dir)}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}; 'evalgate stage init' writes it afresh`);
  return parsed.data;
}
