import { getConfig } from '../src/config';
import { stopDaemon } from '../dev/infra/processes';
import { services, upAll } from '../dev/infra/manager';

/**
 * Brings up the real local infrastructure (or checks the user's own) before any test
 * runs, and stops afterwards only what it started itself.
 */
export default async function setup() {
  const reports = await upAll(getConfig());
  const startedHere = reports.filter((report) => report.state === 'started').map((report) => report.name);
  return async () => {
    for (const service of services.filter((s) => startedHere.includes(s.name)).reverse()) {
      await stopDaemon(service.dir, service.stopSignal);
    }
  };
}
