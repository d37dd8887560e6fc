import { expect } from 'vitest';
import { ViewerError } from '../../src/viewer/index.js';

/** The code of the ViewerError `f` throws (failing on any other error), or undefined when it does not throw. */
export function viewerErrorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ViewerError);
    return (e as ViewerError).code;
  }
  return undefined;
}

/** Every proper prefix of a message must be refused as truncated. */
export function expectEveryTruncationRefused(bytes: Uint8Array, decode: (b: Uint8Array) => unknown): void {
  for (let n = 0; n < bytes.length; n++) {
    expect(
      viewerErrorCode(() => decode(bytes.subarray(0, n))),
      `length ${n}`,
    ).toBe('VIEWER_TRUNCATED');
  }
}
