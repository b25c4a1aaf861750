import { join } from 'node:path';
import { emptyAliases, LocalAliasRouter } from '../../lib/local-stage/services/alias-router';
import { emptyFunctions, LocalFunctionRegistry } from '../../lib/local-stage/services/function-registry';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { FakeFunctionRegistry } from '../helpers/fakes/function-registry';
import { FakeTrafficRouter } from '../helpers/fakes/traffic-router';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { trafficRouterContract } from './traffic-router.contract';

const tempDir = useTempDirs();
const LIVE = { functionName: 'assistant', alias: 'live' };
const CODE = ['code-1', 'code-2', 'code-3'];

trafficRouterContract('LocalAliasRouter', () => {
  const dir = tempDir();
  const registry = new LocalFunctionRegistry(new JsonFile(join(dir, 'functions.json'), emptyFunctions()));
  for (const codeSha256 of CODE) registry.publish('assistant', { codeSha256, environment: {}, description: codeSha256 });
  const router = new LocalAliasRouter(new JsonFile(join(dir, 'aliases.json'), emptyAliases()), registry);
  router.createAlias(LIVE, '1');
  return { router, updateAlias: (target, routing) => router.updateAlias(target, routing) };
});

trafficRouterContract('FakeTrafficRouter', () => {
  const registry = new FakeFunctionRegistry();
  for (const codeSha256 of CODE) registry.publish('assistant', { codeSha256, environment: {} });
  const router = new FakeTrafficRouter((functionName, version) => registry.exists(functionName, version));
  router.setAlias(LIVE, { version: '1', additionalWeights: {} });
  return { router, updateAlias: (target, routing) => router.setAlias(target, routing) };
});
