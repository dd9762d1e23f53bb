import type { Department, DepartmentsRepository } from './departments.repository';

/**
 * The department tree held in memory: a few hundred rows that change rarely but are consulted on
 * every ticket (scoping, pass-down, routing). `reload()` after an admin changes departments.
 */
export class DepartmentDirectory {
  private byId = new Map<number, Department>();
  private byCode = new Map<string, Department>();
  private childrenOf = new Map<number, Department[]>();

  constructor(private readonly repo: DepartmentsRepository) {}

  async reload(): Promise<void> {
    const all = await this.repo.all();
    this.byId = new Map(all.map((d) => [d.id, d]));
    this.byCode = new Map(all.map((d) => [d.code, d]));
    this.childrenOf = new Map();
    for (const d of all) {
      if (d.parentId === null) continue;
      const siblings = this.childrenOf.get(d.parentId) ?? [];
      siblings.push(d);
      this.childrenOf.set(d.parentId, siblings);
    }
  }

  list(): Department[] {
    return [...this.byId.values()];
  }

  get(id: number): Department | undefined {
    return this.byId.get(id);
  }

  getByCode(code: string): Department | undefined {
    return this.byCode.get(code);
  }

  children(id: number): Department[] {
    return this.childrenOf.get(id) ?? [];
  }

  /** The department and everything below it. */
  subtreeIds(id: number): number[] {
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const next = stack.pop() as number;
      out.push(next);
      for (const child of this.children(next)) stack.push(child.id);
    }
    return out;
  }

  isWithin(id: number, ancestorId: number): boolean {
    for (let d = this.byId.get(id); d; d = d.parentId === null ? undefined : this.byId.get(d.parentId)) {
      if (d.id === ancestorId) return true;
    }
    return false;
  }

  /** District governments, by GB/T 2260 code; a ticket's location names one of these. */
  district(code: string): Department | undefined {
    const d = this.byCode.get(code);
    return d?.kind === 'district' ? d : undefined;
  }
}
