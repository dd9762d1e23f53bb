import type { Db } from '../../db/knex';
import { likeLiteral } from '../../db/like';
import type { KnowledgeArticle } from './kb.schemas';

const toArticle = (r: Record<string, unknown>): KnowledgeArticle => ({
  id: r.id as number,
  slug: r.slug as string,
  title: r.title as string,
  body: r.body as string,
  keywords: r.keywords as string[],
  categoryCode: r.category_code as string | null,
});

/** What the text search reads: title, body and keywords in one string (the trigram index's column). */
export const kbSearchText = (a: { title: string; body: string; keywords: string[] }) => [a.title, a.body, ...a.keywords].join(' ');

export function createKbRepository(db: Db) {
  return {
    /**
     * Articles in use whose keywords occur in a caller's free text (what an operator types while listening
     * has no spaces to split on), most keywords matched first.
     */
    async matchKeywords(text: string, limit: number): Promise<KnowledgeArticle[]> {
      const hits = db.raw(`(select count(*) from unnest(keywords) k where position(k in ?) > 0)`, [text]);
      const rows = await db('kb_articles')
        .select('id', 'slug', 'title', 'body', 'keywords', 'category_code', db.raw('? as hits', [hits]))
        .where(hits, '>', 0)
        .whereNull('retired_at')
        .orderBy([{ column: 'hits', order: 'desc' }, { column: 'id' }])
        .limit(limit);
      return rows.map(toArticle);
    },

    /**
     * Articles in use containing every term (Chinese has no spaces, so terms are substrings; the trigram
     * index serves these LIKE scans). Title matches first.
     */
    async search(terms: string[], limit: number): Promise<KnowledgeArticle[]> {
      const q = db('kb_articles').select('id', 'slug', 'title', 'body', 'keywords', 'category_code').whereNull('retired_at');
      for (const term of terms) q.where('search_text', 'like', `%${likeLiteral(term)}%`);
      if (terms.length) {
        q.orderByRaw(`(title like ?) desc`, [`%${likeLiteral(terms[0])}%`]);
      }
      const rows = await q.orderBy('id').limit(limit);
      return rows.map(toArticle);
    },
  };
}

export type KbRepository = ReturnType<typeof createKbRepository>;
