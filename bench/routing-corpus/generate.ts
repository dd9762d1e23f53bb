/**
 * Writes the labelled routing corpus (src/modules/routing/corpus/calls.json) from the phrasebook:
 * every core is rendered several times in the way callers talk (openings, places, durations, feelings,
 * asks, Shanghainese words, typos), a third of the calls as hard cases (a negation that names another
 * matter first, a long call whose ask comes last, 楼上/楼下 in a complaint that is not about
 * neighbours, an earlier call about something else, several typos), plus calls a person should
 * dispatch. Seeded: the same seed writes the same file. The split is by core, once, here: a test
 * call never shares its core sentence with a training call.
 *
 * Later authors' cores (train-only-phrasings.ts, third-author/, fourth-author/, fifth-author/) are rendered into the
 * train split only, after every dev and test call is written and with ids after theirs: the dev and
 * test calls stay exactly what they were, and any of these cores near a dev or test core (of any
 * leaf) is dropped. The term lexicon (lexicon/) is written next to the corpus as lexicon.json.
 *
 *   node dist/bench/routing-corpus/generate.js [seed]
 */
import fs from 'node:fs';
import path from 'node:path';
import { categories } from '../../src/db/reference/categories';
import { morePhrasings } from './more-phrasings';
import { manualCores, phrasebook as firstPhrasebook } from './phrasebook';
import { fifthAuthorManualCores, fifthAuthorPhrasings } from './fifth-author';
import { fourthAuthorPhrasings } from './fourth-author';
import { lexicon } from './lexicon';
import { thirdAuthorManualCores, thirdAuthorPhrasings } from './third-author';
import { trainOnlyManualCores as secondAuthorManual, trainOnlyPhrasings as secondAuthorPhrasings } from './train-only-phrasings';

export interface CorpusCall {
  id: number;
  text: string;
  /** A category leaf code, or MANUAL for a call a person should dispatch. */
  label: string;
  split: 'train' | 'dev' | 'test';
  /** null for a plain call; otherwise the kind of hard case. */
  hard: 'negation' | 'long' | 'upstairs' | 'earlier-call' | 'typos' | 'vague' | 'several' | 'crisis' | null;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.argv[2] ?? 20261201);
const rand = mulberry32(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;
function shuffle<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const openings = ['', '', '喂，你好，', '侬好，', '喂喂，12345伐？我讲个事体，', '你好，我要反映个事情，', '你好，我想投诉一下，', '您好，', '哎，你好你好，', '喂，侬好，'];
const districts = ['徐汇区', '黄浦区', '静安区', '长宁区', '普陀区', '虹口区', '杨浦区', '闵行区', '宝山区', '嘉定区', '浦东新区', '松江区', '青浦区', '奉贤区', '金山区', '崇明区'];
const places = ['田林路', '中山北路', '长寿路', '莘庄', '三林', '顾村', '曹杨新村', '五角场', '七宝', '江桥', '惠南镇', '打浦桥', '凉城新村', '新泾', '张江', '泗泾', '朱家角', '南桥'];
const whereabouts = ['', '', '我住在{d}{p}，', '阿拉是{d}{p}的居民，', '我在{d}这边，', '{d}{p}这里，', '我是{p}那个小区的，'];
const durations = ['', '', '已经一个礼拜了，', '老早就这样了，', '从上个月开始就这样，', '好几天了，', '天天这样，', '这个情况有段时间了，'];
const feelings = ['', '', '烦死了。', '实在吃不消了。', '阿拉老百姓真的没办法。', '讲了好几趟了没人管。', '我也是没办法才打电话的。'];
const asks = ['', '希望你们管一管。', '麻烦派人来看看。', '侬帮帮忙好伐。', '能不能尽快处理。', '我想问问这个找哪里。', '请相关部门处理一下。', '谢谢侬。', '你们给我个说法。'];
const preambles = [
  '我今年七十多岁了，跟老伴两个人住，小孩都在外地，平时身体也不太好，前两天还去医院配了药，',
  '我跟你讲，我们这个小区是九几年的老房子，住的大部分是老人，物业换过好几家，居委也来过几趟，',
  '事情是这样的，我上个礼拜出差回来，家里一堆事情，小孩又要考试，单位里也忙，本来不想打电话的，',
  '我先讲一下背景，我是外地来上海工作的，住了五六年了，平常也不太管闲事，邻居关系也都蛮好，',
  '我之前在网上留过言，也去街道问过，人家叫我打12345，我就打过来了，情况有点复杂我慢慢讲，',
];
const shanghainese: ReadonlyArray<readonly [string, string]> = [
  ['我们', '阿拉'], ['什么', '啥'], ['没有', '呒没'], ['这个', '搿个'], ['睡不着', '睏不着'], ['不知道', '勿晓得'],
  ['家里', '屋里厢'], ['很大', '老大'], ['很', '老'], ['东西', '物事'], ['一个星期', '一个礼拜'],
];
const typos: ReadonlyArray<readonly [string, string]> = [
  ['油烟', '油咽'], ['群租', '群组'], ['噪音', '燥音'], ['物业', '物叶'], ['公积金', '公基金'], ['电梯', '电题'],
  ['停车', '亭车'], ['垃圾', '拉圾'], ['装修', '装休'], ['社保', '社宝'], ['漏水', '露水'], ['小区', '小曲'],
  ['工资', '工姿'], ['医保', '医宝'], ['居委会', '居委汇'], ['押金', '压金'], ['路灯', '路登'], ['排水', '排谁'],
  ['补办', '补半'], ['退休', '退修'], ['护照', '户照'], ['疫苗', '疫描'], ['执照', '执招'], ['旅行社', '旅行设'],
];

/** Share of a core's character bigrams another core of the leaf already has, above which it counts as the same core. */
const SAME_CORE = 0.5;
const bigramsOf = (core: string) => {
  const chars = [...core].filter((c) => /\p{Script=Han}|[a-z0-9]/iu.test(c));
  return new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`));
};
/**
 * Both sets of cores per leaf; a core is the unit of the split whichever set it comes from. A core
 * that is mostly another core of the leaf reworded is dropped: the two could land on either side of
 * the split and a test call would then be a training call in other words.
 */
function distinctCores(cores: readonly string[], unlike: readonly Set<string>[] = []): string[] {
  const kept: { core: string; bigrams: Set<string> }[] = [];
  for (const core of new Set(cores)) {
    const bigrams = bigramsOf(core);
    if (![...unlike, ...kept.map((k) => k.bigrams)].some((other) => isSameCore(bigrams, other))) kept.push({ core, bigrams });
  }
  return kept.map((k) => k.core);
}
function isSameCore(a: Set<string>, b: Set<string>): boolean {
  return [...a].filter((x) => b.has(x)).length / Math.max(1, Math.min(a.size, b.size)) > SAME_CORE;
}
const phrasebook: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(firstPhrasebook).map(([code, cores]) => [code, distinctCores([...cores, ...(morePhrasings[code] ?? [])])]),
);
const leafCodes = Object.keys(phrasebook);
const areaOf = (code: string) => code.split('.')[0];
const nameOf = new Map(categories.map((c) => [c.code, c.name.replace(/（.*）/u, '')]));

function substitute(text: string, table: ReadonlyArray<readonly [string, string]>, p: number, max: number): string {
  let out = text;
  let done = 0;
  for (const [from, to] of shuffle(table)) {
    if (done >= max) break;
    if (out.includes(from) && chance(p)) {
      out = out.replace(from, to);
      done++;
    }
  }
  return out;
}

function frame(core: string): string {
  const where = pick(whereabouts).replace('{d}', pick(districts)).replace('{p}', pick(places));
  return `${pick(openings)}${where}${core}，${pick(durations)}${pick(feelings)}${pick(asks)}`.replace(/，(。|$)/u, '$1');
}

/** A core of another leaf, preferably of the same area (the confusions that matter). */
function distractor(code: string, split: string, cores: Map<string, Map<string, string[]>>): { code: string; core: string } {
  const sameArea = leafCodes.filter((c) => c !== code && areaOf(c) === areaOf(code));
  const other = sameArea.length > 0 && chance(0.7) ? pick(sameArea) : pick(leafCodes.filter((c) => c !== code));
  return { code: other, core: pick(cores.get(other)!.get(split)!) };
}

function hardCase(kind: NonNullable<CorpusCall['hard']>, code: string, core: string, split: string, cores: Map<string, Map<string, string[]>>): string {
  switch (kind) {
    case 'negation': {
      const d = distractor(code, split, cores);
      return frame(pick([`不是${d.core}的问题，是${core}`, `${d.core}，这个倒还好，主要是${core}`, `我不是讲${nameOf.get(d.code)}，我要讲的是${core}`, `跟${nameOf.get(d.code)}没关系啊，${core}`]));
    }
    case 'long':
      return `${pick(openings)}${pick(preambles)}${pick(durations)}${pick(feelings)}其实我打电话主要是想讲，${core}。${pick(asks.filter(Boolean))}`;
    case 'upstairs':
      return frame(/楼上|楼下/u.test(core) ? core : `${pick(['我家楼下', '阿拉楼上', '楼下', '楼上那家', '我住楼上，'])}${core}`);
    case 'earlier-call': {
      const d = distractor(code, split, cores);
      return frame(`我之前打过电话讲${nameOf.get(d.code)}的事，今天不是为这个，${core}`);
    }
    case 'typos':
      return substitute(frame(core), typos, 1, 2);
    default:
      throw new Error(`not a leaf hard case: ${kind}`);
  }
}

function render(core: string, hard: CorpusCall['hard'], code: string, split: string, cores: Map<string, Map<string, string[]>>): string {
  const text = hard === null ? frame(core) : hardCase(hard, code, core, split, cores);
  const local = chance(0.35) ? substitute(text, shanghainese, 0.7, 3) : text;
  return hard !== 'typos' && chance(0.15) ? substitute(local, typos, 1, 1) : local;
}

// ── split each leaf's cores once ─────────────────────────────────────────────────────────────────
const splitOf = (i: number, n: number): CorpusCall['split'] => {
  const test = Math.max(1, Math.round(n * 0.2));
  const dev = Math.max(1, Math.round(n * 0.2));
  return i < test ? 'test' : i < test + dev ? 'dev' : 'train';
};
const cores = new Map<string, Map<string, string[]>>();
for (const code of leafCodes) {
  const bySplit = new Map<string, string[]>([['train', []], ['dev', []], ['test', []]]);
  shuffle(phrasebook[code]).forEach((core, i, all) => bySplit.get(splitOf(i, all.length))!.push(core));
  cores.set(code, bySplit);
}

const calls: Omit<CorpusCall, 'id'>[] = [];
const hardKinds = ['negation', 'long', 'upstairs', 'earlier-call', 'typos'] as const;
for (const code of leafCodes) {
  for (const [split, list] of cores.get(code)!) {
    for (const core of list) {
      // Two plain renderings and one hard case per core: a third of the calls are hard.
      for (const hard of [null, null, pick(hardKinds)] as const) {
        calls.push({ text: render(core, hard, code, split, cores), label: code, split: split as CorpusCall['split'], hard });
      }
    }
  }
}

// ── calls a person should dispatch ───────────────────────────────────────────────────────────────
const manualSplit = <T>(xs: readonly T[]) => shuffle(xs).map((x, i, all) => ({ x, split: splitOf(i, all.length) }));
const heldOutManual: string[] = [];
type Assigned = readonly { x: string; split: CorpusCall['split'] }[];
/** `assign` runs for the crisis cores only after the vague calls are rendered (the seeded order of draws). */
function personCalls(person: { vague: readonly string[]; crisis: readonly string[] }, assign: (xs: readonly string[]) => Assigned): void {
  for (const { x, split } of assign(person.vague)) {
    if (split !== 'train') heldOutManual.push(x);
    for (let k = 0; k < 4; k++) calls.push({ text: render(x, null, 'MANUAL', split, cores), label: 'MANUAL', split, hard: 'vague' });
  }
  for (const { x, split } of assign(person.crisis)) {
    if (split !== 'train') heldOutManual.push(x);
    for (let k = 0; k < 4; k++) calls.push({ text: frame(x), label: 'MANUAL', split, hard: 'crisis' });
  }
}
/** Several departments at once: cores of different areas, from the same split. */
function severalCalls(splits: readonly CorpusCall['split'][], perSplit: number, from: (code: string, split: CorpusCall['split']) => readonly string[]): void {
  for (const split of splits) {
    for (let k = 0; k < perSplit; k++) {
      const areas = shuffle([...new Set(leafCodes.map(areaOf))]).slice(0, chance(0.5) ? 2 : 3);
      const parts = areas.map((a) => pick(from(pick(leafCodes.filter((c) => areaOf(c) === a)), split)));
      calls.push({ text: frame(`${parts.join('，还有')}，这几个事情你们一起管一管`), label: 'MANUAL', split, hard: 'several' });
    }
  }
}
personCalls(manualCores, manualSplit);
severalCalls(['train', 'train', 'train', 'dev', 'test'], 16, (code, split) => cores.get(code)!.get(split)!);

const ordered = shuffle(calls).map((c, i) => ({ id: i + 1, ...c }));

// ── the later authors' cores: train only, rendered after every dev and test call ──────
const trainOnlyPhrasings = (code: string) => [secondAuthorPhrasings, thirdAuthorPhrasings, fourthAuthorPhrasings, fifthAuthorPhrasings].flatMap((by) => by[code] ?? []);
const laterManual = [secondAuthorManual, thirdAuthorManualCores, fifthAuthorManualCores];
const trainOnlyManualCores = { vague: laterManual.flatMap((m) => m.vague), crisis: laterManual.flatMap((m) => m.crisis) };
const heldOut = [...[...cores.values()].flatMap((bySplit) => [...bySplit.get('dev')!, ...bySplit.get('test')!]), ...heldOutManual].map(bigramsOf);
const written = { leaf: 0, person: 0 };
const trainOnly = new Map<string, string[]>();
for (const code of leafCodes) {
  const mine = trainOnlyPhrasings(code);
  written.leaf += mine.length;
  trainOnly.set(code, distinctCores(mine, heldOut));
}
const firstTrainOnly = calls.length;
for (const code of leafCodes) {
  for (const core of trainOnly.get(code)!) {
    for (const hard of [null, null, pick(hardKinds)] as const) calls.push({ text: render(core, hard, code, 'train', cores), label: code, split: 'train', hard });
  }
}
const asTrain = (xs: readonly string[]) => distinctCores(xs, heldOut).map((x) => ({ x, split: 'train' as const }));
written.person = trainOnlyManualCores.vague.length + trainOnlyManualCores.crisis.length;
personCalls(trainOnlyManualCores, asTrain);
const mixed = (code: string) => [...cores.get(code)!.get('train')!, ...trainOnly.get(code)!];
severalCalls(['train', 'train'], 16, mixed);
ordered.push(...shuffle(calls.slice(firstTrainOnly)).map((c, i) => ({ id: ordered.length + i + 1, ...c })));
const out = path.join(__dirname, '..', '..', '..', 'src', 'modules', 'routing', 'corpus', 'calls.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ seed, generatedBy: 'bench/routing-corpus/generate.ts', calls: ordered }, null, 0).replace(/\},\{/gu, '},\n{')}\n`);
// A term written under two leaves (three parts were written in parallel) points to neither: dropped from both.
const leavesOfTerm = new Map<string, number>();
for (const terms of Object.values(lexicon)) for (const t of new Set(terms)) leavesOfTerm.set(t, (leavesOfTerm.get(t) ?? 0) + 1);
const distinctLexicon = Object.fromEntries(Object.entries(lexicon).map(([code, terms]) => [code, [...new Set(terms)].filter((t) => leavesOfTerm.get(t) === 1)]));
const lexiconOut = path.join(path.dirname(out), 'lexicon.json');
fs.writeFileSync(lexiconOut, `${JSON.stringify({ generatedBy: 'bench/routing-corpus/lexicon', lexicon: distinctLexicon }, null, 0).replace(/\],"/gu, '],\n"')}\n`);
const count = (f: (c: CorpusCall) => boolean) => ordered.filter(f).length;
const keptLeaf = [...trainOnly.values()].reduce((n, xs) => n + xs.length, 0);
process.stdout.write(
  `train-only cores of the later authors: ${keptLeaf} of ${written.leaf} leaf cores kept (the rest near a dev/test core), ` +
    `${count((c) => c.id > firstTrainOnly)} calls (${count((c) => c.id > firstTrainOnly && c.label === 'MANUAL')} for a person, from ${written.person} cores)\n` +
    `${ordered.length} calls (${count((c) => c.hard !== null && c.label !== 'MANUAL')} hard, ${count((c) => c.label === 'MANUAL')} for a person); ` +
    `train ${count((c) => c.split === 'train')}, dev ${count((c) => c.split === 'dev')}, test ${count((c) => c.split === 'test')} → ${out}\n` +
    `lexicon: ${Object.values(distinctLexicon).reduce((n, terms) => n + terms.length, 0)} terms of ${Object.keys(lexicon).length} leaves ` +
    `(${[...leavesOfTerm.values()].filter((n) => n > 1).length} written under several leaves dropped) → ${lexiconOut}\n`,
);
