import type { Config } from '../config';

/** The Temporal Web UI page of the namespace's workflows, of one workflow, or of one of its runs. */
export function temporalUiUrl(config: Config, workflowId?: string, runId?: string): string {
  const { uiUrl, namespace } = config.temporal;
  const path = [namespace, 'workflows', workflowId, runId].filter((part) => part !== undefined);
  return `${uiUrl}/namespaces/${path.map(encodeURIComponent).join('/')}`;
}
