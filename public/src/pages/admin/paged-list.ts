// A server-paged admin list: the filters, the page and the true total the server answered. The
// table shows one page; el-pagination moves through all of them.
import { reactive, ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';

export function usePagedList<Row, F extends Record<string, string | number | boolean | undefined>>(path: string, key: string, filters: F, pageSize = 20) {
  const rows = ref<Row[]>([]) as { value: Row[] };
  const total = ref(0);
  const page = ref(1);
  const loading = ref(false);
  const failure = ref('');
  const f = reactive(filters) as F;

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const res = await api<Record<string, unknown>>(path, { query: { ...f, limit: pageSize, offset: (page.value - 1) * pageSize } });
      rows.value = res[key] as Row[];
      total.value = res.total as number;
      failure.value = '';
    } catch (err) {
      failure.value = errorText(err);
    } finally {
      loading.value = false;
    }
  }
  /** After a filter changed: back to the first page. */
  function search(): Promise<void> {
    page.value = 1;
    return load();
  }
  return { rows, total, page, pageSize, loading, failure, filters: f, load, search };
}

/** What PagedTable.vue needs of a list, whatever its rows and filters. */
export type PagedList = Pick<ReturnType<typeof usePagedList>, 'rows' | 'total' | 'page' | 'pageSize' | 'loading' | 'failure' | 'load'>;
