/**
 * The tests' one window on the process environment, as src/platform/config.ts is the
 * product's: what CI says, the knobs of test-only tools, and the environment handed to child
 * processes the tests start. Nothing else under src/ reads `process.env` (architecture test).
 */
const environment = process.env;

/** True when CI=true: checks that may skip on a laptop must run (and fail) there. */
export const inContinuousIntegration = environment.CI === 'true';

/** A test-only setting (e.g. HEARKEN_FUZZ_SEED), or undefined when unset. */
export function testSetting(name: `HEARKEN_${string}`): string | undefined {
  return environment[name];
}

/** This process's environment plus `extra`, for a server or CLI the test starts. */
export function childEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...environment, ...extra };
}
