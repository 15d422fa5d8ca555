import { getConfig } from '../../src/config';
import { temporalUiUrl } from '../../src/temporal/ui-url';
import { downAll, installAll, statusAll, upAll, type ServiceReport } from './manager';
import { localDir } from './paths';

const usage = 'usage: infra <install|up|down|status>';

function print(reports: ServiceReport[]) {
  console.table(
    reports.map(({ name, state, address, log, answering }) => ({
      service: name,
      state: answering === false && state === 'external' ? 'external (not answering)' : state,
      address,
      log: log ?? '',
    })),
  );
}

async function main(command: string | undefined): Promise<number> {
  const config = getConfig();
  switch (command) {
    case 'install':
      installAll();
      return 0;
    case 'up': {
      const started = Date.now();
      print(await upAll(config));
      console.log(
        `Local infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)}s (data and logs in ${localDir}).`,
      );
      console.log(`Temporal Web UI: ${temporalUiUrl(config)}`);
      return 0;
    }
    case 'down':
      print(await downAll());
      return 0;
    case 'status': {
      const reports = await statusAll(config);
      print(reports);
      return reports.every((report) => report.answering) ? 0 : 3;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
