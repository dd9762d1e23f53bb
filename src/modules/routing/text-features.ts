/**
 * What the routing model sees of a call: Jieba's words (with a user dictionary of hotline terms, so
 * 群租, 加梯, 违建 stay whole), character bigrams (they survive typos such as 油咽 and Shanghainese
 * spellings the dictionary lacks), and the same words again marked as coming from the call's second
 * half, because callers tell the story first and the ask last (不是油烟的问题，是…).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { categories } from '../../db/reference/categories';
import { callerFocus } from './caller-focus';
import { createClassifier } from './classifier';
import { normaliseText } from './normalise-text';

/** Hotline words Jieba's general dictionary splits or lacks; the catalogue's keywords are added too. */
const hotlineTerms = [
  '群租', '群组', '二房东', '加梯', '加装电梯', '违建', '违章搭建', '占道', '占道经营', '油烟', '油咽', '扬尘', '渣土', '渣土车',
  '物业费', '维修基金', '维修资金', '业委会', '公积金', '居住证', '积分落户', '居转户', '长护险', '低保', '随申办', '一网通办',
  '咪表', '差头', '网约车', '共享单车', '电瓶车', '电单车', '飞线充电', '老公房', '窨井盖', '化粪池', '炸街', '广场舞',
  '阿拉', '侬', '屋里厢', '搿个', '呒没', '睏不着', '勿晓得', '晓得', '物事', '礼拜', '吃不消', '老早', '一塌糊涂',
  '社保', '医保', '医保卡', '失业金', '养老金', '退休工资', '工伤', '欠薪', '拖欠工资', '劳动合同', '预付卡', '办卡',
];

/** The catalogue's keywords as evidence: `k:<leaf>` for every leaf whose keywords the call contains. */
const keywordIndex = createClassifier(categories.filter((c) => c.defaultDepartmentCode !== null));

let segmenter: Jieba | null = null;

/** Loaded once per process (about a tenth of a second); cutting a call then takes microseconds. */
function jieba(): Jieba {
  if (segmenter) return segmenter;
  const jb = Jieba.withDict(dict);
  const words = new Set([...hotlineTerms, ...categories.flatMap((c) => c.keywords)].map(normaliseText).filter((w) => w.length > 1));
  jb.loadDict(Buffer.from([...words].map((w) => `${w} 2000 n`).join('\n')));
  segmenter = jb;
  return jb;
}

const isContent = (s: string) => /[\p{Script=Han}a-z0-9]/u.test(s);
/** Words that say nothing about the matter: fillers of every call. */
const stopwords = new Set(['的', '了', '是', '我', '你', '他', '在', '有', '也', '都', '就', '还', '又', '和', '吧', '呢', '啊', '伐', '喂', '好', '你好', '侬好', '一下', '一个', '这个', '那个']);

export function segment(text: string): string[] {
  return jieba().cut(normaliseText(text), true).filter((w) => isContent(w) && !stopwords.has(w));
}

/** The distinct features of a call (binary: a feature present twice says no more than once). */
export function features(call: string): string[] {
  const text = callerFocus(call);
  const words = segment(text);
  const out = new Set<string>();
  words.forEach((w, i) => {
    out.add(`w:${w}`);
    if (i >= words.length / 2) out.add(`t:${w}`);
  });
  const chars = [...normaliseText(text)].filter((c) => isContent(c));
  for (let i = 0; i + 1 < chars.length; i++) out.add(`b:${chars[i]}${chars[i + 1]}`);
  for (const code of keywordIndex.leavesMatching(text)) out.add(`k:${code}`);
  return [...out];
}
