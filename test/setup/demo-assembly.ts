/**
 * vitest globalSetup: starts synthesizing the demo app (test/helpers/demo-assembly.ts) as the run starts, without
 * waiting: the unit and CDK files run meanwhile, and the end-to-end files that need the assemblies wait for them.
 */
import { demoAssembly } from '../helpers/demo-assembly';

export default function setup(): () => Promise<void> {
  // A failure is the test files' to report: they ask for the same assemblies.
  const warming = Promise.allSettled([demoAssembly('default'), demoAssembly('fast')]);
  return async () => {
    await warming;
  };
}
