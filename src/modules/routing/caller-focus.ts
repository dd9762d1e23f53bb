/**
 * Callers tell the story first and the ask last, and often name another matter on the way
 * (不是油烟的问题，是…; 我之前打过电话讲X的事，今天不是为这个，…; X倒还好，主要是…). Both the keyword
 * lists and the model were misled by the matter named first, so both read only what follows the
 * caller's last turn cue. A cue with (almost) nothing after it keeps the whole call.
 */
const turnCues: readonly RegExp[] = [
  /今天不是为(?:这|搿|那)个[，,。]?/gu,
  /(?:主要|其实)是(?:想讲|想说|要讲|要说)?[，,]?/gu,
  /我要(?:讲|说|反映)的是/gu,
  /我打电话(?:主要)?是想(?:讲|说|问|反映)[，,]?/gu,
  /(?:没关系|无关)(?:啊|呀|的)?[，,]/gu,
  /不是(?:讲|说)?[^，。]{0,20}的(?:问题|事)[，,]?而?是/gu,
  /(?:倒|到)还好[，,]/gu,
];

/** Fewer meaningful characters than this after the cue: the cue was not a turn. */
const MIN_ASK_CHARS = 4;

export function callerFocus(text: string): string {
  let cut = 0;
  for (const cue of turnCues) {
    for (const m of text.matchAll(cue)) cut = Math.max(cut, (m.index ?? 0) + m[0].length);
  }
  const ask = text.slice(cut);
  return ask.replace(/[\s\p{P}]/gu, '').length >= MIN_ASK_CHARS ? ask : text;
}
