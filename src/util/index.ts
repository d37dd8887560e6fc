export { CodedError, isCodedError } from './coded-error.js';
export { siblingWorkerUrl, spawnModuleWorker } from './module-worker.js';
