import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { UserPrincipal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import { kbSearchText } from '../kb';
import type { CreateKbInput, UpdateKbInput } from './admin.schemas';
import type { AuditRepository } from './audit.repository';
import { likeLiteral } from '../../db/like';

interface KbRow {
  id: number;
  slug: string;
  title: string;
  body: string;
  keywords: string[];
  category_code: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by_user_id: number | null;
  updated_by_username: string | null;
  retired_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function kbView(a: KbRow) {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    body: a.body,
    keywords: a.keywords,
    categoryCode: a.category_code,
    createdAt: iso(a.created_at) as string,
    updatedAt: iso(a.updated_at) as string,
    updatedBy: a.updated_by_user_id === null ? null : { id: a.updated_by_user_id, username: a.updated_by_username ?? '' },
    retiredAt: iso(a.retired_at),
  };
}

/**
 * Knowledge-base articles for on-the-spot answers: written and edited with who and when, retired
 * rather than deleted (operators' searches skip retired ones at once: they read the table).
 */
export function createKbAdmin(deps: { db: Db; audit: AuditRepository; catalog: CategoryCatalog; clock: Clock }) {
  const { db, audit, clock } = deps;
  const select = (q: ReturnType<Db>) =>
    q.leftJoin('users as u', 'u.id', 'a.updated_by_user_id').select('a.id', 'a.slug', 'a.title', 'a.body', 'a.keywords', 'a.category_code', 'a.created_at', 'a.updated_at', 'a.updated_by_user_id', 'a.retired_at', 'u.username as updated_by_username');
  const get = async (id: number, q: Db = db) => (await select(q('kb_articles as a')).where('a.id', id).first()) as KbRow | undefined;

  function checkCategory(code: string | null | undefined) {
    if (code && !deps.catalog.getByCode(code)) throw new ValidationError('Invalid input', [{ field: 'categoryCode', message: `unknown category ${code}` }]);
  }

  return {
    async list(f: { q?: string; retired?: boolean; limit: number; offset: number }) {
      const q = db('kb_articles as a');
      if (f.q) q.where('a.search_text', 'like', `%${likeLiteral(f.q)}%`);
      if (f.retired !== undefined) q.where((w) => (f.retired ? w.whereNotNull('a.retired_at') : w.whereNull('a.retired_at')));
      const [{ n }] = await q.clone().count({ n: '*' });
      const rows = (await select(q).orderBy('a.slug').limit(f.limit).offset(f.offset)) as KbRow[];
      return { articles: rows.map(kbView), total: Number(n) };
    },

    async create(actor: UserPrincipal, input: CreateKbInput) {
      checkCategory(input.categoryCode);
      const now = clock.now();
      try {
        const id = await db.transaction(async (tx) => {
          const [row] = await tx('kb_articles')
            .insert({ slug: input.slug, title: input.title, body: input.body, keywords: input.keywords, category_code: input.categoryCode, search_text: kbSearchText(input), created_at: now, updated_at: now, updated_by_user_id: actor.userId })
            .returning('id');
          await audit.record(tx, { action: 'kb.created', actorUserId: actor.userId, targetType: 'kb_article', targetId: row.id, detail: { after: { slug: input.slug, title: input.title } } }, now);
          return row.id as number;
        });
        return kbView((await get(id)) as KbRow);
      } catch (err) {
        if (isUniqueViolation(err, 'kb_articles_slug_unique')) throw new ConflictError('DUPLICATE_SLUG', `An article with slug ${input.slug} exists`);
        throw err;
      }
    },

    async update(actor: UserPrincipal, id: number, input: UpdateKbInput) {
      checkCategory(input.categoryCode);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const current = (await tx('kb_articles').where({ id }).forUpdate().first()) as KbRow | undefined;
        if (!current) throw new NotFoundError('No such article', 'ARTICLE_NOT_FOUND');
        const next = { title: input.title ?? current.title, body: input.body ?? current.body, keywords: input.keywords ?? current.keywords };
        await tx('kb_articles')
          .where({ id })
          .update({
            ...next,
            ...(input.categoryCode !== undefined && { category_code: input.categoryCode }),
            ...(input.retired !== undefined && { retired_at: input.retired ? (current.retired_at ?? now) : null }),
            search_text: kbSearchText(next),
            updated_at: now,
            updated_by_user_id: actor.userId,
          });
        const before = { title: current.title, body: current.body, keywords: current.keywords, categoryCode: current.category_code, retired: current.retired_at !== null };
        await audit.record(tx, { action: 'kb.updated', actorUserId: actor.userId, targetType: 'kb_article', targetId: id, detail: { before, after: input } }, now);
      });
      return kbView((await get(id)) as KbRow);
    },
  };
}

export type KbAdmin = ReturnType<typeof createKbAdmin>;
