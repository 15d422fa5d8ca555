import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

// Only warnings and errors from workers, so test output stays readable. The runtime can
// be installed once per process; a second install (module re-evaluated) is harmless.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (err) {
  if (!(err instanceof IllegalStateError)) throw err;
}
