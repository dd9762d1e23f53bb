import type { CategoriesRepository, Category } from './categories.repository';

/** The category tree in memory: consulted on every intake and by classification. */
export class CategoryCatalog {
  private byId = new Map<number, Category>();
  private byCode = new Map<string, Category>();
  private parentIds = new Set<number>();

  constructor(private readonly repo: CategoriesRepository) {}

  async reload(): Promise<void> {
    const all = await this.repo.all();
    this.byId = new Map(all.map((c) => [c.id, c]));
    this.byCode = new Map(all.map((c) => [c.code, c]));
    this.parentIds = new Set(all.flatMap((c) => (c.parentId === null ? [] : [c.parentId])));
  }

  list(): Category[] {
    return [...this.byId.values()];
  }

  get(id: number): Category | undefined {
    return this.byId.get(id);
  }

  getByCode(code: string): Category | undefined {
    return this.byCode.get(code);
  }

  /** A category and everything under it (codes are dotted paths: ENV, ENV.NOISE, ENV.NOISE.NIGHT). */
  subtreeIds(code: string): number[] {
    return this.list()
      .filter((c) => c.code === code || c.code.startsWith(`${code}.`))
      .map((c) => c.id);
  }

  isLeaf(category: Category): boolean {
    return !this.parentIds.has(category.id);
  }

  leaves(): Category[] {
    return this.list().filter((c) => this.isLeaf(c));
  }
}
