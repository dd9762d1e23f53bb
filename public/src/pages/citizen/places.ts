// The districts and their streets for the web form's two selects (streets are sent by name, as the
// API takes them). The form still works without them: the place is optional.
import { computed, onMounted, ref } from 'vue';
import { loadDepartments, type DepartmentIndex } from '../../api/reference';
import { nameOf } from '../../i18n';

export interface PlaceOption {
  value: string;
  label: string;
}

export function usePlaces(districtCode: () => string) {
  const index = ref<DepartmentIndex | null>(null);
  const failed = ref(false);

  onMounted(async () => {
    try {
      index.value = await loadDepartments();
    } catch {
      failed.value = true;
    }
  });

  // nameOf reads the current language, so these follow the language switch.
  const districts = computed<PlaceOption[]>(() => (index.value?.districts ?? []).map((d) => ({ value: d.code, label: nameOf(d) })));
  const streets = computed<PlaceOption[]>(() => {
    const code = districtCode();
    if (!code || !index.value) return [];
    return index.value
      .children(code)
      .filter((d) => d.kind === 'street')
      .map((d) => ({ value: d.name, label: nameOf(d) }));
  });

  return { districts, streets, failed };
}
