import type { Db } from '../../db/knex';

export interface KnowledgeArticle {
  id: number;
  slug: string;
  title: string;
  body: string;
  keywords: string[];
  categoryCode: string | null;
}

/** Escapes LIKE wildcards so that a citizen's "%" or "_" is searched for literally. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createKbRepository(db: Db) {
  return {
    /**
     * Articles containing every term (Chinese has no spaces, so terms are substrings; the trigram
     * index serves these LIKE scans). Title matches first.
     */
    async search(terms: string[], limit: number): Promise<KnowledgeArticle[]> {
      const q = db('kb_articles').select('id', 'slug', 'title', 'body', 'keywords', 'category_code');
      for (const term of terms) q.where('search_text', 'like', `%${likeLiteral(term)}%`);
      if (terms.length) {
        q.orderByRaw(`(title like ?) desc`, [`%${likeLiteral(terms[0])}%`]);
      }
      const rows = await q.orderBy('id').limit(limit);
      return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, body: r.body, keywords: r.keywords, categoryCode: r.category_code }));
    },
  };
}

export type KbRepository = ReturnType<typeof createKbRepository>;
