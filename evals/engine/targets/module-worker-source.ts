/**
 * The code of the worker thread that hosts one module target. It is passed to `new Worker(code, { eval: true })`
 * so it needs no file of its own in either the TypeScript sources or the bundled CLI. Each worker has its own
 * `process.env` and module instances, as a separate Lambda version would.
 */
export const MODULE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

function serialiseError(error) {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

// Output sent as messages keeps its order with the results: a metric a handler logs before returning is
// delivered before that invocation's result.
if (workerData.captureOutput) {
  process.stdout.write = (chunk, encoding, callback) => {
    parentPort.postMessage({ type: 'output', text: String(chunk) });
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
}

// The Lambda Node.js runtime provides the AWS SDK for JavaScript v3, so bundles leave '@aws-sdk/*' out (as
// NodejsFunction does by default): those imports fall back to the folders given, as the runtime's own copy would.
const SDK_HOOKS = \`
let bases = [];
export async function initialize(data) { bases = data.bases; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !specifier.startsWith('@aws-sdk/')) throw error;
    for (const parentURL of bases) {
      try { return await next(specifier, { ...context, parentURL }); } catch {}
    }
    throw error;
  }
}\`;

(async () => {
  let handler;
  try {
    if (workerData.runtimeModules.length > 0) {
      const bases = workerData.runtimeModules.map((dir) => pathToFileURL(dir.endsWith('/') ? dir : dir + '/').href);
      require('node:module').register('data:text/javascript,' + encodeURIComponent(SDK_HOOKS), { data: { bases } });
    }
    const mod = await import(pathToFileURL(workerData.file).href);
    handler = mod[workerData.exportName];
    if (typeof handler !== 'function') {
      throw new Error("export '" + workerData.exportName + "' is not a function (exports: " + Object.keys(mod).join(', ') + ')');
    }
  } catch (error) {
    parentPort.postMessage({ type: 'init-error', error: serialiseError(error) });
    return;
  }
  parentPort.postMessage({ type: 'ready' });
  let invocations = 0;
  parentPort.on('message', async ({ id, event, timeoutMs, version, qualifier }) => {
    invocations += 1;
    const deadline = Date.now() + timeoutMs;
    const arn = 'arn:aws:lambda:local:000000000000:function:' + workerData.functionName;
    const context = {
      functionName: workerData.functionName,
      functionVersion: version || '$LATEST',
      awsRequestId: workerData.functionName + '-' + invocations,
      invokedFunctionArn: qualifier ? arn + ':' + qualifier : arn,
      memoryLimitInMB: '1024',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    try {
      const value = await handler(event, context);
      parentPort.postMessage({ type: 'result', id, value });
    } catch (error) {
      parentPort.postMessage({ type: 'error', id, error: serialiseError(error) });
    }
  });
})();
`;
