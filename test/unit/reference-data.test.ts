// Invariants of the reference data shipped with the product (SPEC sections 3 and 4).
import { expect } from 'chai';
import { departments } from '../../src/db/reference/departments.js';
import { categories } from '../../src/db/reference/categories.js';
import { knowledgeArticles } from '../../src/db/reference/knowledge-base.js';
import { departmentKinds } from '../../src/db/reference/types.js';

const MUNICIPAL_BUREAUS = [
  'SH-ENV',
  'SH-TRANSPORT',
  'SH-HOUSING',
  'SH-WATER',
  'SH-GREENERY',
  'SH-POLICE',
  'SH-HEALTH',
  'SH-HRSS',
  'SH-MARKET',
  'SH-EDU',
  'SH-CIVIL',
  'SH-PLANNING',
  'SH-CULTURE',
];

const DISTRICTS: Record<string, string> = {
  '310101': '黄浦区',
  '310104': '徐汇区',
  '310105': '长宁区',
  '310106': '静安区',
  '310107': '普陀区',
  '310109': '虹口区',
  '310110': '杨浦区',
  '310112': '闵行区',
  '310113': '宝山区',
  '310114': '嘉定区',
  '310115': '浦东新区',
  '310116': '金山区',
  '310117': '松江区',
  '310118': '青浦区',
  '310120': '奉贤区',
  '310151': '崇明区',
};

const byCode = new Map(departments.map((d) => [d.code, d]));
const streetsOf = (district: string) => departments.filter((d) => d.kind === 'street' && d.parentCode === district);

const categoryCodes = new Set(categories.map((c) => c.code));
const parentCodes = new Set(categories.map((c) => c.parentCode).filter((p): p is string => p !== null));
const leaves = categories.filter((c) => !parentCodes.has(c.code));

describe('reference data', () => {
  describe('departments (SPEC §4)', () => {
    it('gives every department a unique code', () => {
      const codes = departments.map((d) => d.code);
      expect(new Set(codes).size).to.equal(codes.length);
    });

    it('gives every department a Chinese name, an English name and a known kind', () => {
      for (const d of departments) {
        expect(d.name, d.code).to.match(/\p{Script=Han}/u);
        expect(d.nameEn.trim(), d.code).to.not.equal('');
        expect(departmentKinds, d.code).to.include(d.kind);
      }
    });

    it('ships the 12345 centre itself as HOTLINE, a root of kind centre', () => {
      expect(byCode.get('HOTLINE')).to.include({ kind: 'centre', parentCode: null });
    });

    it('ships every municipal bureau named in the spec as a root bureau', () => {
      for (const code of MUNICIPAL_BUREAUS) {
        expect(byCode.get(code), code).to.include({ kind: 'bureau', parentCode: null });
      }
    });

    it('ships the 16 districts under their GB/T 2260 codes and names', () => {
      const districts = departments.filter((d) => d.kind === 'district');
      expect(districts.map((d) => d.code)).to.have.members(Object.keys(DISTRICTS));
      for (const [code, name] of Object.entries(DISTRICTS)) {
        expect(byCode.get(code), code).to.include({ kind: 'district', parentCode: null });
        expect(byCode.get(code)!.name, code).to.contain(name);
      }
    });

    it('gives every district its environment, city management and housing offices', () => {
      for (const [district, name] of Object.entries(DISTRICTS)) {
        for (const fn of ['ENV', 'CITY', 'HOUSING']) {
          const office = byCode.get(`${district}-${fn}`);
          expect(office, `${district}-${fn}`).to.include({ kind: 'district_bureau', parentCode: district });
          expect(office!.name, `${district}-${fn}`).to.contain(name);
        }
      }
      expect(byCode.get('310104-ENV')!.name).to.contain('生态环境局');
      expect(byCode.get('310104-CITY')!.name).to.contain('城市管理行政执法局');
    });

    it('ships the 110 platform as EXT-110, an external root', () => {
      expect(byCode.get('EXT-110')).to.include({ kind: 'external', parentCode: null });
    });

    it('lists every parent before its children', () => {
      const seen = new Set<string>();
      for (const d of departments) {
        if (d.parentCode !== null) expect(seen.has(d.parentCode), `${d.code} → ${d.parentCode}`).to.equal(true);
        seen.add(d.code);
      }
    });

    it('codes streets <district>-<nn> under their district, numbered from 01 without gaps', () => {
      for (const district of Object.keys(DISTRICTS)) {
        const streets = streetsOf(district);
        expect(streets.length, district).to.be.at.least(4);
        expect(streets.map((s) => s.code)).to.deep.equal(
          streets.map((_, i) => `${district}-${String(i + 1).padStart(2, '0')}`),
        );
        for (const s of streets) expect(s.name, s.code).to.match(/(街道|镇|乡)$/);
      }
    });

    it('ships the real streets and towns of 徐汇区 and 浦东新区', () => {
      const xuhui = streetsOf('310104').map((s) => s.name);
      const pudong = streetsOf('310115').map((s) => s.name);
      expect(xuhui.length).to.be.at.least(13);
      expect(pudong.length).to.be.at.least(36);
      for (const name of ['天平路街道', '徐家汇街道', '漕河泾街道', '华泾镇']) {
        expect(xuhui.some((n) => n.endsWith(name)), name).to.equal(true);
      }
      for (const name of ['陆家嘴街道', '花木街道', '川沙新镇', '张江镇', '南汇新城镇']) {
        expect(pudong.some((n) => n.endsWith(name)), name).to.equal(true);
      }
    });

    it('only ever places streets under districts and district offices under districts', () => {
      for (const d of departments.filter((x) => x.kind === 'street' || x.kind === 'district_bureau')) {
        expect(byCode.get(d.parentCode!)?.kind, d.code).to.equal('district');
      }
    });
  });

  describe('categories (SPEC §3)', () => {
    it('gives every category a unique code', () => {
      expect(categoryCodes.size).to.equal(categories.length);
    });

    it('uses dotted UPPER_SNAKE codes, a child being its parent code plus one segment', () => {
      for (const c of categories) {
        expect(c.code).to.match(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*){0,2}$/);
        if (c.parentCode === null) {
          expect(c.code, c.code).to.not.contain('.');
        } else {
          expect(c.code.startsWith(`${c.parentCode}.`), c.code).to.equal(true);
          expect(c.code.slice(c.parentCode.length + 1), c.code).to.not.contain('.');
        }
      }
    });

    it('lists every parent before its children', () => {
      const seen = new Set<string>();
      for (const c of categories) {
        if (c.parentCode !== null) expect(seen.has(c.parentCode), c.code).to.equal(true);
        seen.add(c.code);
      }
    });

    it('covers at least 12 top-level areas and 70 leaf categories, each leaf at depth 2 or 3', () => {
      expect(categories.filter((c) => c.parentCode === null).length).to.be.at.least(12);
      expect(leaves.length).to.be.at.least(70);
      for (const l of leaves) expect(l.code.split('.').length, l.code).to.be.within(2, 3);
    });

    it('gives every leaf 4 to 12 keywords and a default department that exists', () => {
      for (const l of leaves) {
        expect(l.keywords.length, l.code).to.be.within(4, 12);
        for (const k of l.keywords) expect(k.trim(), l.code).to.not.equal('');
        expect(l.defaultDepartmentCode, l.code).to.be.a('string');
        expect(byCode.has(l.defaultDepartmentCode!), `${l.code} → ${l.defaultDepartmentCode}`).to.equal(true);
      }
    });

    it('leaves non-leaf categories without a default department', () => {
      for (const c of categories.filter((x) => parentCodes.has(x.code))) {
        expect(c.defaultDepartmentCode, c.code).to.equal(null);
      }
    });

    it('never puts the same keyword on two leaves, so classification can tell them apart', () => {
      const owner = new Map<string, string>();
      for (const l of leaves) {
        for (const k of l.keywords) {
          expect(owner.get(k), `${k}: ${owner.get(k)} and ${l.code}`).to.equal(undefined);
          owner.set(k, l.code);
        }
      }
    });

    it('sends environmental, city-appearance and housing matters to the district office', () => {
      const fn = (code: string) => categories.find((c) => c.code === code)?.districtFunction;
      expect(fn('ENV.NOISE.NIGHT_CONSTRUCTION')).to.equal('ENV');
      expect(fn('ENV.AIR.CATERING_FUMES')).to.equal('ENV');
      expect(fn('CITY.ILLEGAL_BUILDING')).to.equal('CITY');
      expect(fn('CITY.VENDORS')).to.equal('CITY');
      expect(fn('HOUSING.RENTAL.GROUP')).to.equal('HOUSING');
      expect(fn('HOUSING.PROPERTY.SERVICE')).to.equal('HOUSING');
      for (const c of categories.filter((x) => x.districtFunction)) {
        expect(leaves, c.code).to.include(c);
      }
    });
  });

  describe('knowledge base', () => {
    it('ships at least 32 articles with unique kebab-case slugs', () => {
      expect(knowledgeArticles.length).to.be.at.least(32);
      const slugs = knowledgeArticles.map((a) => a.slug);
      expect(new Set(slugs).size).to.equal(slugs.length);
      for (const s of slugs) expect(s).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('gives every article a Chinese title and body and 3 to 8 keywords', () => {
      for (const a of knowledgeArticles) {
        expect(a.title, a.slug).to.match(/\p{Script=Han}/u);
        expect(a.body.length, a.slug).to.be.greaterThan(40);
        expect(a.keywords.length, a.slug).to.be.within(3, 8);
      }
    });

    it('points every article at an existing category or at none', () => {
      for (const a of knowledgeArticles) {
        if (a.categoryCode !== null) expect(categoryCodes.has(a.categoryCode), `${a.slug} → ${a.categoryCode}`).to.equal(true);
      }
    });

    it('answers the garbage-sorting question with the four Shanghai waste types', () => {
      const article = knowledgeArticles.find((a) => a.slug === 'garbage-sorting-rules');
      for (const type of ['可回收物', '有害垃圾', '湿垃圾', '干垃圾']) expect(article?.body).to.contain(type);
    });
  });
});
