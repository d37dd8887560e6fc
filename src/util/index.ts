export { CodedError, isCodedError } from './coded-error.js';
