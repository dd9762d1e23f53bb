import type { CategoriesRepository, Category } from './categories.repository';

/** The category tree in memory: consulted on every intake and by classification. */
export class CategoryCatalog {
  private byId = new Map<number, Category>();
  private byCode = new Map<string, Category>();
  private parentIds = new Set<number>();
  private loadedVersion: string | null = null;

  constructor(private readonly repo: CategoriesRepository) {}

  async reload(): Promise<void> {
    const [version, all] = await Promise.all([this.repo.version(), this.repo.all()]);
    this.loadedVersion = version;
    this.byId = new Map(all.map((c) => [c.id, c]));
    this.byCode = new Map(all.map((c) => [c.code, c]));
    this.parentIds = new Set(all.flatMap((c) => (c.parentId === null ? [] : [c.parentId])));
  }

  /**
   * Re-reads the tree when the table changed since it was loaded (an admin edited keywords, say), so
   * that a long-running process (the routing worker) follows without a restart. One small query.
   * Returns whether it changed.
   */
  async refresh(): Promise<boolean> {
    if ((await this.repo.version()) === this.loadedVersion) return false;
    await this.reload();
    return true;
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
