// The dispatch catalogue and the routing decision (SPEC §7.2–7.4), on the shipped departments,
// categories and starter rules.
import { expect } from 'chai';
import { categories } from '../../src/db/reference/categories.js';
import { departments } from '../../src/db/reference/departments.js';
import { routingRules } from '../../src/db/reference/routing-rules.js';
import { loadShippedModel, shippedKeywords } from '../../src/modules/routing/routing-corpus.js';
import { loadTextModel } from '../../src/modules/routing/text-model.js';
import { decideRoute, type RoutingContext, type RoutingCategory } from '../../src/modules/routing/route-decision.js';
import {
  matchRule,
  orderRules,
  type RoutableTicket,
  type RoutingRule,
} from '../../src/modules/routing/rule-matcher.js';

const departmentByCode = new Map(departments.map((d) => [d.code, d]));
const department = (code: string) => departmentByCode.get(code);

let nextId = 100;
function rule(partial: Partial<RoutingRule> & Pick<RoutingRule, 'departmentCode'>): RoutingRule {
  nextId += 1;
  return {
    id: nextId,
    position: nextId,
    name: `rule ${nextId}`,
    line: null,
    channel: null,
    categoryPrefix: null,
    districtCode: null,
    keywords: [],
    fallbackDepartmentCode: null,
    ...partial,
  };
}

function ticket(partial: Partial<RoutableTicket> = {}): RoutableTicket {
  return { line: '12345', channel: 'phone', categoryCode: null, districtCode: null, text: '', ...partial };
}

/** The starter catalogue as the worker would load it from the database. */
const starterRules: RoutingRule[] = routingRules.map((seed, i) => ({
  id: i + 1,
  position: i + 1,
  name: seed.name,
  line: seed.line ?? null,
  channel: seed.channel ?? null,
  categoryPrefix: seed.categoryPrefix ?? null,
  districtCode: seed.districtCode ?? null,
  keywords: seed.keywords ?? [],
  departmentCode: seed.departmentCode,
  fallbackDepartmentCode: seed.fallbackDepartmentCode ?? null,
}));

const shippedModel = loadTextModel(loadShippedModel());
const categoryByCode = new Map<string, RoutingCategory>(categories.map((c) => [c.code, c]));

function context(rules: RoutingRule[] = starterRules, extraCategories: RoutingCategory[] = []): RoutingContext {
  const extra = new Map(extraCategories.map((c) => [c.code, c]));
  return {
    rules: orderRules(rules),
    model: shippedModel,
    keywords: shippedKeywords(),
    category: (code) => extra.get(code) ?? categoryByCode.get(code),
    department,
  };
}

describe('dispatch catalogue rules (SPEC §7.2)', () => {
  describe('each kind of criterion', () => {
    const cases: Array<[string, RoutingRule, RoutableTicket, RoutableTicket]> = [
      ['line', rule({ line: '12369', departmentCode: 'SH-ENV' }), ticket({ line: '12369' }), ticket({ line: '12345' })],
      ['channel', rule({ channel: 'app', departmentCode: 'HOTLINE' }), ticket({ channel: 'app' }), ticket({ channel: 'phone' })],
      [
        'district',
        rule({ districtCode: '310104', departmentCode: '310104' }),
        ticket({ districtCode: '310104' }),
        ticket({ districtCode: '310105' }),
      ],
      [
        'keywords (any one)',
        rule({ keywords: ['群租', '隔断'], departmentCode: 'SH-HOUSING' }),
        ticket({ text: '楼上被中介做成了隔断间' }),
        ticket({ text: '楼上装修太吵' }),
      ],
      [
        'category prefix',
        rule({ categoryPrefix: 'ENV.NOISE', departmentCode: 'SH-ENV' }),
        ticket({ categoryCode: 'ENV.NOISE.SOCIAL' }),
        ticket({ categoryCode: 'ENV.AIR.DUST' }),
      ],
    ];
    for (const [criterion, r, matching, other] of cases) {
      it(`when a rule names a ${criterion}, then it matches a ticket with it and not one without`, () => {
        expect(matchRule([r], matching, department)?.departmentCode).to.equal(r.departmentCode);
        expect(matchRule([r], other, department)).to.equal(null);
      });
    }

    it('when a rule has a category prefix, then it matches the category itself but not a code that merely starts alike', () => {
      const r = rule({ categoryPrefix: 'ENV.NOISE', departmentCode: 'SH-ENV' });
      expect(matchRule([r], ticket({ categoryCode: 'ENV.NOISE' }), department)).to.not.equal(null);
      expect(matchRule([r], ticket({ categoryCode: 'ENV.NOISEX' }), department)).to.equal(null);
      expect(matchRule([r], ticket({ categoryCode: null }), department)).to.equal(null);
    });

    it('when a rule names several criteria, then all of them must hold', () => {
      const r = rule({ line: '12345', channel: 'wechat', keywords: ['油烟'], departmentCode: 'SH-ENV' });
      expect(matchRule([r], ticket({ channel: 'wechat', text: '饭店油烟' }), department)).to.not.equal(null);
      expect(matchRule([r], ticket({ channel: 'phone', text: '饭店油烟' }), department)).to.equal(null);
      expect(matchRule([r], ticket({ channel: 'wechat', text: '饭店太吵' }), department)).to.equal(null);
    });
  });

  describe('the {district} template and the fallback', () => {
    const r = rule({ categoryPrefix: 'CITY', departmentCode: '{district}-CITY', fallbackDepartmentCode: 'SH-GREENERY' });
    const vendors = (districtCode: string | null) => ticket({ categoryCode: 'CITY.VENDORS', districtCode });

    it('when the ticket has a district, then the template names that district’s office', () => {
      expect(matchRule([r], vendors('310115'), department)).to.deep.include({ departmentCode: '310115-CITY', fallbackReason: null });
    });

    it('when the ticket has no district, then the fallback is used and the reason is given', () => {
      expect(matchRule([r], vendors(null), department)).to.deep.include({
        departmentCode: 'SH-GREENERY',
        fallbackReason: 'the ticket has no district',
      });
    });

    it('when the resolved department does not exist, then the fallback is used', () => {
      expect(matchRule([r], vendors('999999'), department)?.departmentCode).to.equal('SH-GREENERY');
    });

    it('when there is no usable fallback, then the rule does not match and the next one is tried', () => {
      const noFallback = rule({ categoryPrefix: 'CITY', departmentCode: '{district}-CITY' });
      const brokenFallback = rule({ categoryPrefix: 'CITY', departmentCode: '{district}-CITY', fallbackDepartmentCode: 'SH-NOPE' });
      const next = rule({ name: 'catch-all', departmentCode: 'HOTLINE' });
      expect(matchRule([noFallback, brokenFallback, next], vendors(null), department)).to.deep.include({
        departmentCode: 'HOTLINE',
        rule: 'catch-all',
      });
    });
  });

  describe('order', () => {
    it('when two rules match, then the first one in catalogue order wins', () => {
      const late = rule({ name: 'late', position: 20, keywords: ['欠薪'], departmentCode: 'SH-HRSS' });
      const early = rule({ name: 'early', position: 10, keywords: ['欠薪'], departmentCode: '310104' });
      const ordered = orderRules([late, early]);
      expect(ordered.map((x) => x.name)).to.deep.equal(['early', 'late']);
      expect(matchRule(ordered, ticket({ text: '老板欠薪' }), department)?.rule).to.equal('early');
    });

    it('when positions are equal, then the older rule (smaller id) comes first', () => {
      const a = rule({ id: 2, position: 5, departmentCode: 'HOTLINE' });
      const b = rule({ id: 1, position: 5, departmentCode: 'HOTLINE' });
      expect(orderRules([a, b]).map((x) => x.id)).to.deep.equal([1, 2]);
    });
  });
});

describe('routing decision (SPEC §7)', () => {
  describe('line 12369 (starter rule)', () => {
    for (const district of ['310104', '310115', '310151', '310101']) {
      it(`when a 12369 ticket comes from district ${district}, then it goes to ${district}-ENV`, () => {
        const d = decideRoute(ticket({ line: '12369', districtCode: district, text: '河道里有股臭味' }), context());
        expect(d).to.deep.include({ kind: 'department', departmentCode: `${district}-ENV`, rule: starterRules[0].name });
      });
    }

    it('when a 12369 ticket has no district, then it goes to SH-ENV', () => {
      const d = decideRoute(ticket({ line: '12369', text: '工厂晚上偷排废水' }), context());
      expect(d).to.deep.include({ kind: 'department', departmentCode: 'SH-ENV' });
    });

    it('when a 12369 ticket is about something else, then the line still decides', () => {
      const d = decideRoute(ticket({ line: '12369', districtCode: '310112', categoryCode: 'HOUSING.RENTAL.GROUP' }), context());
      expect(d).to.deep.include({ departmentCode: '310112-ENV' });
    });
  });

  describe('the other starter rules', () => {
    it('when a 12345 ticket about noise has a district, then the district environment bureau gets it', () => {
      const d = decideRoute(ticket({ districtCode: '310106', categoryCode: 'ENV.NOISE.SOCIAL', text: '小区广场舞音箱太响' }), context());
      expect(d).to.deep.include({ departmentCode: '310106-ENV', categoryCode: 'ENV.NOISE.SOCIAL', rule: 'Environmental complaints to the district' });
    });

    it('when a ticket mentions 群租, then the district housing office gets it', () => {
      const d = decideRoute(ticket({ districtCode: '310107', text: '隔壁一套房子群租住了二十个人' }), context());
      expect(d).to.deep.include({ departmentCode: '310107-HOUSING', rule: starterRules[2].name });
    });

    it('when a ticket mentions unpaid wages, then human resources gets it', () => {
      const d = decideRoute(ticket({ districtCode: '310104', text: '老板拖欠工资两个月' }), context());
      expect(d).to.deep.include({ departmentCode: 'SH-HRSS', rule: starterRules[3].name });
    });
  });

  describe('emergencies', () => {
    it('when the text describes an emergency, then screening decides before any rule', () => {
      const d = decideRoute(ticket({ line: '12369', districtCode: '310104', text: '化工厂起火了，烟很大' }), context());
      expect(d).to.deep.equal({ kind: 'emergency', matches: ['起火'], emergencyKind: 'fire' });
    });

    it('when 110 hands over a ticket, then it is not screened again and sent back', () => {
      const d = decideRoute(ticket({ line: '110', channel: 'transfer', text: '邻居打架后的纠纷调解' }), context());
      expect(d.kind).to.not.equal('emergency');
      expect(d.kind === 'emergency' ? [] : d.reasons[0]).to.match(/not screened/);
    });
  });

  describe('classification and default departments', () => {
    it('when the ticket already has a category, then it is not classified again', () => {
      const d = decideRoute(ticket({ categoryCode: 'TRANSPORT.TAXI', text: '公交车甩站' }), context());
      expect(d).to.deep.include({ departmentCode: 'SH-TRANSPORT', categoryCode: 'TRANSPORT.TAXI', classifiedBy: null });
    });

    it('when no rule matches, then the category’s default department gets it', () => {
      const d = decideRoute(ticket({ districtCode: '310104', categoryCode: 'TRANSPORT.TAXI', text: '出租车司机拒载' }), context());
      expect(d).to.deep.include({ kind: 'department', departmentCode: 'SH-TRANSPORT', rule: null, categoryCode: 'TRANSPORT.TAXI' });
    });

    it('when the category is a district function and the ticket has a district, then the district office gets it', () => {
      const d = decideRoute(ticket({ districtCode: '310104', categoryCode: 'CITY.VENDORS', text: '菜场门口小贩占道经营' }), context());
      expect(d).to.deep.include({ departmentCode: '310104-CITY', categoryCode: 'CITY.VENDORS' });
    });

    it('when the category is a district function but the ticket has no district, then the municipal default gets it', () => {
      const d = decideRoute(ticket({ categoryCode: 'CITY.VENDORS', text: '菜场门口小贩占道经营' }), context());
      expect(d).to.deep.include({ departmentCode: 'SH-GREENERY' });
    });

    it('when the district has no such office, then the municipal default gets it', () => {
      const d = decideRoute(ticket({ districtCode: '999999', categoryCode: 'HOUSING.PROPERTY.SERVICE' }), context());
      expect(d).to.deep.include({ departmentCode: 'SH-HOUSING' });
    });
  });

  describe('never at street level', () => {
    it('when a rule names a street, then its district gets the ticket and the reasons say why', () => {
      const toStreet = rule({ name: 'to a street', keywords: ['井盖'], departmentCode: '310104-03' });
      const d = decideRoute(ticket({ text: '井盖松了' }), context([toStreet]));
      expect(d).to.deep.include({ kind: 'department', departmentCode: '310104', rule: 'to a street' });
      expect(d.kind === 'department' && d.reasons.join('\n')).to.match(/310104-03 is a street/);
    });

    it('when a template resolves to a street, then its district gets the ticket', () => {
      const toStreet = rule({ districtCode: '310115', departmentCode: '{district}-12' });
      const d = decideRoute(ticket({ districtCode: '310115', text: '路灯不亮' }), context([toStreet]));
      expect(d).to.deep.include({ departmentCode: '310115' });
    });

    it('when a category’s default department is a street, then its district gets the ticket', () => {
      const local: RoutingCategory = { code: 'LOCAL.MARKET', defaultDepartmentCode: '310151-02', districtFunction: null };
      const d = decideRoute(ticket({ categoryCode: 'LOCAL.MARKET' }), context([], [local]));
      expect(d).to.deep.include({ departmentCode: '310151', rule: null });
    });
  });

  describe('the manual dispatch pool (SPEC §7.4)', () => {
    it('when nothing can be classified and no rule matches, then the ticket waits in the manual pool', () => {
      const d = decideRoute(ticket({ text: '你好，我就是想说两句' }), context());
      expect(d).to.deep.include({ kind: 'manual_pool', categoryCode: null, classifiedBy: null });
      expect(d.kind === 'manual_pool' && d.reason).to.match(/no category/);
      expect(d.kind === 'manual_pool' && d.model?.suggestions).to.have.length(3);
      expect(d.kind === 'manual_pool' && d.model?.version).to.equal(shippedModel.version);
    });

    it('when the category has no default department and no rule matches, then the ticket waits in the manual pool', () => {
      const d = decideRoute(ticket({ categoryCode: 'PRAISE' }), context());
      expect(d).to.deep.include({ kind: 'manual_pool', categoryCode: 'PRAISE' });
    });

    it('when the same ticket is routed twice, then the decision is the same', () => {
      const t = ticket({ districtCode: '310104', text: '楼下烧烤店油烟很大' });
      expect(decideRoute(t, context())).to.deep.equal(decideRoute(t, context()));
    });
  });
});
