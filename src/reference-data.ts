import type { Db } from './db/knex';
import { kbSearchText } from './modules/kb';
import { categories } from './db/reference/categories';
import { departments } from './db/reference/departments';
import { knowledgeArticles } from './db/reference/knowledge-base';
import { routingRules } from './db/reference/routing-rules';
import { slaPolicies } from './db/reference/sla-policies';

/**
 * Loads the shipped reference data; safe to run on every start. Everything is only added when
 * missing (by code or slug), never overwritten: once the system runs, admins keep departments,
 * categories, the knowledge base, SLA policies and routing rules in the console, and a restart
 * must not undo their edits. (`merge(['code'])` rewrites the code with itself, so the row's id
 * comes back for existing rows too.)
 */
export async function loadReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const deptIds = new Map<string, number>();
    for (const d of departments) {
      const [row] = await tx('departments')
        .insert({
          code: d.code,
          name: d.name,
          name_en: d.nameEn,
          kind: d.kind,
          parent_id: d.parentCode === null ? null : requireId(deptIds, d.parentCode, `parent of ${d.code}`),
        })
        .onConflict('code')
        .merge(['code'])
        .returning('id');
      deptIds.set(d.code, row.id);
    }

    const categoryIds = new Map<string, number>();
    for (const c of categories) {
      const [row] = await tx('categories')
        .insert({
          code: c.code,
          name: c.name,
          name_en: c.nameEn,
          parent_id: c.parentCode === null ? null : requireId(categoryIds, c.parentCode, `parent of ${c.code}`),
          keywords: c.keywords,
          default_department_id: c.defaultDepartmentCode === null ? null : requireId(deptIds, c.defaultDepartmentCode, `department of ${c.code}`),
          district_function: c.districtFunction ?? null,
        })
        .onConflict('code')
        .merge(['code'])
        .returning('id');
      categoryIds.set(c.code, row.id);
    }

    for (const a of knowledgeArticles) {
      await tx('kb_articles')
        .insert({
          slug: a.slug,
          title: a.title,
          body: a.body,
          keywords: a.keywords,
          category_code: a.categoryCode,
          search_text: kbSearchText(a),
        })
        .onConflict('slug')
        .ignore();
    }

    for (const p of slaPolicies) {
      await tx('sla_policies')
        .insert({
          name: p.name,
          type: p.type,
          urgency: p.urgency,
          category_code: p.categoryCode,
          accept_amount: p.accept.amount,
          accept_unit: p.accept.unit,
          reply_amount: p.reply.amount,
          reply_unit: p.reply.unit,
        })
        .onConflict('name')
        .ignore();
    }

    for (const [i, r] of routingRules.entries()) {
      await tx('routing_rules')
        .insert({
          position: (i + 1) * 10,
          name: r.name,
          line: r.line ?? null,
          channel: r.channel ?? null,
          category_prefix: r.categoryPrefix ?? null,
          district_code: r.districtCode ?? null,
          keywords: r.keywords ?? [],
          department_code: r.departmentCode,
          fallback_department_code: r.fallbackDepartmentCode ?? null,
        })
        .onConflict('name')
        .ignore();
    }
  });
}

function requireId(ids: Map<string, number>, code: string, what: string): number {
  const id = ids.get(code);
  if (id === undefined) throw new Error(`Reference data: ${what} is unknown code ${code}`);
  return id;
}
