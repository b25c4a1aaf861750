import { parseSuite } from '../../evals/engine/suite/load';
import type { Suite } from '../../evals/engine/suite/model';

/** A suite built from cases given as [id, input, expected substring]. */
export function suiteOf(name: string, cases: ReadonlyArray<readonly [string, string, string]>): Suite {
  const yaml = [`suite: ${name}`, 'cases:', ...cases.map(([id, input, expected]) => `  - { id: ${id}, input: ${JSON.stringify(input)}, assert: [{ type: contains, value: ${JSON.stringify(expected)} }] }`)].join('\n');
  return parseSuite(`${name}.yaml`, yaml);
}
