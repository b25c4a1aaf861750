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

(async () => {
  let handler;
  try {
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
  parentPort.on('message', async ({ id, event, timeoutMs }) => {
    invocations += 1;
    const deadline = Date.now() + timeoutMs;
    const context = {
      functionName: workerData.functionName,
      functionVersion: '$LATEST',
      awsRequestId: workerData.functionName + '-' + invocations,
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:' + workerData.functionName,
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
