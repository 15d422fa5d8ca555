import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from '../../contract/saga';

/**
 * Registers the saga's custom search attributes that the namespace lacks. Safe when
 * several processes start at once: an attribute another process added in between
 * counts as registered.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const missing = async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return SEARCH_ATTRIBUTE_NAMES.filter((name) => !customAttributes?.[name]);
  };
  const absent = await missing();
  if (absent.length === 0) return;
  const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(absent.map((name) => [name, keyword])),
    });
  } catch (error) {
    if ((await missing()).length > 0) throw error;
  }
}
