/** Reconnection policy: exponential backoff with jitter, so many clients do not retry in lock-step. */
export interface BackoffOptions {
  /** First delay (default 250 ms). */
  readonly initialMs?: number;
  /** Upper bound (default 10 s). */
  readonly maxMs?: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Fraction of the delay that is random (default 0.5: a delay lies in [base/2, base]). */
  readonly jitter?: number;
}

/** Delay before reconnect attempt `attempt` (0 = first retry). `random` returns [0, 1) (injectable for tests). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const base = Math.min(max, initial * Math.pow(factor, Math.max(0, attempt)));
  return base * (1 - jitter * random());
}
