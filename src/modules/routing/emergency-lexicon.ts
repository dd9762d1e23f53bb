/**
 * The emergency lexicon (SPEC §7.1): Chinese phrases that mean a police, fire or ambulance emergency,
 * and the phrases that look alike but are not. Maintained as data so a dispatcher's false alarm or
 * miss is fixed by one line here plus one test in test/unit/routing-emergency.test.ts.
 *
 * Matching (see emergency-screening.ts): the text is normalised, every `exclusionMasks` phrase is
 * blanked out, then `terms` are looked for as substrings (or patterns). A *strong* term alone raises
 * the alarm. A *weak* term does too, unless the text also carries a `notNowQualifiers` phrase (the
 * event is past, resolved, hypothetical, or the citizen asks about its aftermath) and no
 * `presentMarkers` phrase says it is happening again right now.
 */

export const emergencyKinds = ['crime', 'violence', 'fire', 'gas', 'injury', 'traffic_injury'] as const;
export type EmergencyKind = (typeof emergencyKinds)[number];

export interface EmergencyTermGroup {
  kind: EmergencyKind;
  /** strong: describes something unfolding now; weak: names an event that may be over or only feared. */
  strength: 'strong' | 'weak';
  phrases?: readonly string[];
  /** For phrasings with words in between (车祸……有人受伤); keep them short-ranged to stay precise. */
  patterns?: readonly RegExp[];
  why: string;
}

export interface PhraseGroup {
  phrases: readonly string[];
  why: string;
}

export const terms: readonly EmergencyTermGroup[] = [
  // ── crime in progress ────────────────────────────────────────────────────────────────────────
  {
    kind: 'crime',
    strength: 'strong',
    phrases: ['正在偷', '在偷东西', '有人在偷', '有人撬门', '有人撬锁', '在撬门', '在撬锁', '持刀', '拿着刀', '拿刀', '劫持', '有人闯进', '入室抢劫'],
    patterns: [/(有人|小偷|贼|正在|在)撬(我家|我们家|家|邻居家)?(的)?(门|锁|窗)/u],
    why: 'an offender is at work or armed right now: the police must come whatever else the text says',
  },
  {
    kind: 'crime',
    strength: 'weak',
    phrases: ['抢劫', '抢包', '绑架', '入室盗窃', '闯入', '抓小偷'],
    // Not a bare 被抢: 车位被抢 is a parking quarrel.
    patterns: [/(包|手机|钱包|项链|金链子|钱)被抢/u],
    why: 'a crime that may be an old case being followed up; a theft found afterwards (被盗) is a case report, so not listed',
  },
  // ── violence ────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'violence',
    strength: 'strong',
    phrases: ['砍人', '捅人', '杀人', '拿刀砍', '往死里打', '打得头破血流'],
    why: 'life-threatening violence: always escalated',
  },
  {
    kind: 'violence',
    strength: 'weak',
    phrases: ['打人', '殴打', '被打', '打架', '打伤', '动手打', '家暴', '群殴', '斗殴'],
    why: 'violence that is often reported afterwards or asked about (protection orders, compensation)',
  },
  // ── fire ────────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'fire',
    strength: 'strong',
    phrases: ['烧起来了', '着大火', '火越烧越大', '被困火场', '困在火里', '浓烟滚滚'],
    why: 'a fire burning at this moment',
  },
  {
    kind: 'fire',
    strength: 'weak',
    phrases: ['着火', '起火', '火灾', '失火', '冒烟起火', '火光', '爆炸'],
    patterns: [/(电瓶车|电动车|充电|插座|电线|配电箱|电表箱|厨房|油锅).{0,4}冒烟/u],
    why: 'fire words that also describe last month\'s fire or a feared one ("担心起火")',
  },
  // ── gas leak ────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'gas',
    strength: 'strong',
    phrases: ['煤气泄漏', '煤气泄露', '燃气泄漏', '燃气泄露', '天然气泄漏', '天然气泄露', '闻到煤气', '闻到燃气', '煤气味', '燃气味', '天然气味'],
    patterns: [/(煤气|燃气|天然气|液化气)(管|罐|瓶|灶)?.{0,3}(漏气|在漏|漏了)/u],
    why: 'a gas smell or leak is always escalated: a miss can be an explosion',
  },
  // ── injured people ──────────────────────────────────────────────────────────────────────────
  {
    kind: 'injury',
    strength: 'strong',
    phrases: ['不省人事', '没有呼吸', '没呼吸', '心脏骤停', '倒地不起', '叫救护车', '需要救护车', '快叫120', '救命'],
    why: 'a person in danger now: the ambulance must come',
  },
  {
    kind: 'injury',
    strength: 'weak',
    phrases: ['受伤', '流血', '流了很多血', '昏迷', '晕倒', '昏倒', '摔倒起不来', '伤得很重', '触电', '溺水', '落水', '跳楼'],
    why: 'injuries and dangers to life that are often past (work-injury claims, compensation)',
  },
  // ── traffic accidents with injuries ─────────────────────────────────────────────────────────
  {
    kind: 'traffic_injury',
    strength: 'weak',
    phrases: ['撞人', '被车撞', '撞伤', '肇事逃逸'],
    patterns: [
      /撞(倒|飞|翻)了?(一个|一位|个)?(人|老人|小孩|孩子|行人|学生|老太|阿姨|大爷)/u,
      /把(一个|一位|个)?(人|老人|小孩|孩子|行人|学生|老太|阿姨|大爷)撞/u,
      /(车祸|撞车|追尾|相撞|交通事故|翻车).{0,15}(受伤|流血|昏迷|伤者|躺在地上|倒在地上|人倒)/u,
    ],
    why: 'a traffic accident only is an emergency when someone is hurt; without injuries it is a traffic matter',
  },
];

/** Blanked out before matching, so that their characters can match no term. */
export const exclusionMasks: readonly PhraseGroup[] = [
  {
    phrases: ['火锅', '火车', '上火', '火腿', '发火', '火爆', '火候', '火葬', '火化', '火柴', '火龙果', '火鸡', '烟火气', '火箭'],
    why: 'everyday words built on 火: kept safe also if a short fire term is added later',
  },
  {
    phrases: ['打火机', '打不着火', '点不着火', '打着火', '着火点'],
    why: 'lighters and gas stoves that will not ignite are product or gas-supply complaints (UTILITIES.GAS has 打不着火)',
  },
  {
    phrases: ['消防通道', '消防栓', '消防设施', '消防隐患', '火灾隐患', '防火', '火灾险', '火灾保险', '消防演练', '火警演练'],
    // A feared fire (容易引起火灾) is left to the qualifiers, not masked, so that 引起火灾了 still counts.
    why: 'fire safety hazards and drills are POLICE.FIRE_SAFETY matters, not fires',
  },
  {
    phrases: ['泄漏报警器', '泄露报警器', '泄漏检测', '泄露检测', '燃气表', '煤气表'],
    why: 'gas detectors and meters are product or supply complaints',
  },
  {
    phrases: ['没有煤气味', '没有燃气味', '没闻到'],
    why: 'negated gas smell',
  },
  {
    phrases: ['打人工', '打扰', '打电话', '打回', '打卡'],
    why: '打 also means to call, disturb, reject or clock in (被打扰, 被打电话骚扰, 打人工, 材料被打回来)',
  },
  {
    phrases: ['救命钱', '救命稻草', '救命恩人', '道德绑架', '杀人游戏', '剧本杀', '爆炸头', '价格爆炸', '跳楼价', '跳楼大甩卖'],
    why: 'figures of speech: 救命钱 is savings lost to a shop that ran off, 道德绑架 is moral pressure, 跳楼价 a sale',
  },
  {
    phrases: ['没有人受伤', '没人受伤', '无人受伤', '没有受伤', '未受伤', '没受伤', '无人员伤亡', '没有伤亡', '没有人员伤亡', '无伤亡'],
    why: 'negated injuries: an accident without casualties is a traffic-police matter for 12345',
  },
  {
    phrases: ['工伤', '上班受伤', '受伤认定'],
    why: 'LABOUR.SOCIAL_INSURANCE.INJURY vocabulary: the claim procedure, not the accident itself',
  },
];

export const notNowQualifiers: readonly PhraseGroup[] = [
  {
    phrases: ['上周', '上星期', '上个月', '去年', '前年', '昨天', '昨晚', '前天', '之前', '以前', '过去', '发生过', '曾经', '那次', '上次', '几天前', '年前'],
    why: 'the event is in the past',
  },
  {
    phrases: ['已经处理', '已处理', '处理好了', '已解决', '已经解决', '已经扑灭', '已扑灭', '已经好了', '修好了', '已经报警', '已报警', '派出所已经'],
    why: 'the event is resolved or the police already have it',
  },
  {
    phrases: ['赔偿', '索赔', '理赔', '认定', '报销', '咨询', '想问', '怎么申请', '保护令', '维权'],
    why: 'the citizen asks about the aftermath or the procedure',
  },
  {
    phrases: ['担心', '容易', '隐患', '万一', '可能会', '会不会'],
    why: 'the event is only feared (电瓶车上楼担心起火 is a fire-safety complaint)',
  },
];

/**
 * Revive weak terms despite a not-now qualifier: "上次着火的那栋楼刚刚又起火" is happening now. Kept
 * specific (正在发生, not a bare 正在) because "赔偿正在处理" must not revive last month's fire.
 */
export const presentMarkers: readonly string[] = [
  '正在发生', '正在进行', '正在打', '正在烧', '正在冒', '正在流', '刚刚', '刚才', '快来', '快过来', '快过去',
  '赶紧来', '赶快来', '马上派', '还在烧', '还在打', '还在流', '又着火', '又起火', '又烧', '现在有人',
];

/**
 * When several kinds match, the decision names the most specific service first: a traffic accident
 * with casualties needs police and ambulance together, a fire or gas leak the fire brigade, and a
 * plain injury only the ambulance.
 */
export const kindPriority: readonly EmergencyKind[] = ['traffic_injury', 'fire', 'gas', 'violence', 'crime', 'injury'];
