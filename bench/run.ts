import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runBenchmark } from './benchmark';
import { parseOptions } from './options';
import { summaryRows, writeReports } from './report';

/** `npm run bench [-- --scenarios e2e,ceiling,cost,relay,footprint --duration 20 --smoke]` */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Worker log lines would interleave with the progress bar; warnings and errors still show.
  // No worker runs in this process: Ctrl-C ends the run (and the processes it started)
  // instead of shutting down workers that are not there.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
  const report = await runBenchmark(options);
  console.table(summaryRows(report));
  if (options.resultsDir) {
    const written = await writeReports(report, options.resultsDir);
    console.log(`Reports: ${written.json}, ${written.markdown}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
