import { join } from 'node:path';
import { emptyFunctions, LocalFunctionRegistry } from '../../lib/local-stage/services/function-registry';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { FakeFunctionRegistry } from '../helpers/fakes/function-registry';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { functionRegistryContract } from './function-registry.contract';

const tempDir = useTempDirs();

functionRegistryContract('LocalFunctionRegistry', () => {
  const registry = new LocalFunctionRegistry(new JsonFile(join(tempDir(), 'functions.json'), emptyFunctions()));
  return {
    registry,
    publish: (functionName, config) => registry.publish(functionName, { ...config, description: 'deployed' }),
    deployLatest: (functionName, config) => registry.setLatest(functionName, config),
    latestOf: async (functionName) => {
      const { codeSha256, environment } = await registry.getVersion(functionName, '$LATEST');
      return { codeSha256, environment };
    },
  };
});

functionRegistryContract('FakeFunctionRegistry', () => {
  const registry = new FakeFunctionRegistry();
  return {
    registry,
    publish: (functionName, config) => registry.publish(functionName, config),
    deployLatest: (functionName, config) => registry.deployLatest(functionName, config),
    latestOf: (functionName) => registry.latestOf(functionName),
  };
});
