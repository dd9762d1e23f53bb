import type { Db } from '../../db/knex';
import { likeLiteral } from '../../db/like';
import { readVersion } from '../../db/version-reads';
import type { RoutingRule } from './rule-matcher';
import type { RoutingRuleListQuery } from './routing-rules.schemas';

/** A rule as an admin writes it: the matcher's fields, and whether it is in use. */
export type RoutingRuleInput = Omit<RoutingRule, 'id'> & { active: boolean };

const toRow = (r: RoutingRuleInput) => ({
  position: r.position,
  name: r.name,
  line: r.line,
  channel: r.channel,
  category_prefix: r.categoryPrefix,
  district_code: r.districtCode,
  keywords: r.keywords,
  department_code: r.departmentCode,
  fallback_department_code: r.fallbackDepartmentCode,
  active: r.active,
});

function fromRow(r: Record<string, unknown>): RoutingRule & { active: boolean } {
  return {
    id: r.id as number,
    position: r.position as number,
    name: r.name as string,
    line: r.line as string | null,
    channel: r.channel as string | null,
    categoryPrefix: r.category_prefix as string | null,
    districtCode: r.district_code as string | null,
    keywords: r.keywords as string[],
    departmentCode: r.department_code as string,
    fallbackDepartmentCode: r.fallback_department_code as string | null,
    active: r.active as boolean,
  };
}

export function createRoutingRulesRepository(db: Db) {
  return {
    async all(): Promise<(RoutingRule & { active: boolean })[]> {
      return (await db('routing_rules').orderBy(['position', 'id'])).map(fromRow);
    },

    /** One page of the catalogue in matching order, and how many rules there are in all. */
    async page(p: RoutingRuleListQuery): Promise<{ rules: (RoutingRule & { active: boolean })[]; total: number }> {
      const matching = () => {
        const q = db('routing_rules');
        if (p.q) q.where((w) => w.whereILike('name', `%${likeLiteral(p.q as string)}%`).orWhereILike('department_code', `%${likeLiteral(p.q as string)}%`));
        return q;
      };
      const [rows, [{ n }]] = await Promise.all([matching().orderBy(['position', 'id']).limit(p.limit).offset(p.offset), matching().count({ n: '*' })]);
      return { rules: rows.map(fromRow), total: Number(n) };
    },

    /** Changes whenever a rule is added, edited or removed: the cache's key. */
    async version(): Promise<string> {
      return (await readVersion(db, `select count(*)::text || '/' || coalesce(max(id), 0)::text || '/' || coalesce(max(updated_at)::text, '') from routing_rules`)) as string;
    },

    async insert(rule: RoutingRuleInput, now: Date): Promise<RoutingRule & { active: boolean }> {
      const [row] = await db('routing_rules').insert({ ...toRow(rule), updated_at: now }).returning('*');
      return fromRow(row);
    },

    async update(id: number, rule: RoutingRuleInput, now: Date): Promise<(RoutingRule & { active: boolean }) | undefined> {
      const [row] = await db('routing_rules').where({ id }).update({ ...toRow(rule), updated_at: now }).returning('*');
      return row ? fromRow(row) : undefined;
    },

    async remove(id: number): Promise<boolean> {
      return (await db('routing_rules').where({ id }).delete()) > 0;
    },
  };
}

export type RoutingRulesRepository = ReturnType<typeof createRoutingRulesRepository>;
