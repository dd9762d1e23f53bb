import { ElMessage } from 'element-plus';
import { api } from '../../api/client';
import { errorText } from '../../forms';

/**
 * A one-click change to a row of an admin list (remove, deactivate, send again): it is said as done,
 * or why not, and the list is read again.
 */
export async function rowAction(path: string, method: 'DELETE' | 'POST', done: () => string, reload: () => Promise<unknown>): Promise<void> {
  try {
    await api(path, { method });
    ElMessage.success(done());
    await reload();
  } catch (err) {
    ElMessage.error(errorText(err));
  }
}
