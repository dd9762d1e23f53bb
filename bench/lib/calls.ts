/**
 * What citizens call about: realistic Chinese texts per category, with the category an operator
 * would pick, plus the calls that end without a department (answered on the spot, invalid calls,
 * emergencies). Shared by the intake benchmark and the simulator. Every routable text carries a
 * keyword of its category and none of the keywords whose default is the centre itself.
 */
import type { TicketType } from '../../src/modules/tickets';
import type { Random } from './stats';

export interface CallTemplate {
  category: string;
  type: TicketType;
  /** Share among routable calls (relative). */
  weight: number;
  texts: readonly string[];
}

export const routableCalls: readonly CallTemplate[] = [
  { category: 'ENV.NOISE.NIGHT_CONSTRUCTION', type: 'complaint', weight: 5, texts: ['小区旁边工地夜间施工，凌晨还在打桩，影响休息', '附近项目连夜施工，施工噪音很大，老人孩子睡不着'] },
  { category: 'ENV.NOISE.SOCIAL', type: 'complaint', weight: 4, texts: ['小区广场舞音箱声音太大，每天晚上持续到十点', '楼下商铺空调外机声音很响，晚上无法入睡'] },
  { category: 'ENV.AIR.CATERING_FUMES', type: 'complaint', weight: 3, texts: ['楼下饭店排烟直接排向居民楼，油烟味很重', '路边烧烤摊油烟很大，窗户都不能开'] },
  { category: 'ENV.AIR.EXHAUST', type: 'report', weight: 1, texts: ['附近工厂晚上排放废气，气味刺鼻', '厂区烟囱冒出臭气，周边居民反映强烈'] },
  { category: 'ENV.WATER.RIVER', type: 'complaint', weight: 1, texts: ['小区旁河道发黑发臭，河面漂浮垃圾', '河浜里出现死鱼，河水颜色异常'] },
  { category: 'CITY.ILLEGAL_BUILDING', type: 'report', weight: 4, texts: ['顶楼住户违章搭建阳光房，存在安全隐患', '一楼住户私自搭建围墙占用公共绿地'] },
  { category: 'CITY.VENDORS', type: 'complaint', weight: 3, texts: ['地铁站出口有流动摊贩摆摊，堵塞通道', '路口夜排档占道经营，垃圾满地'] },
  { category: 'CITY.CONSTRUCTION_SITE', type: 'complaint', weight: 2, texts: ['渣土车沿路撒漏，路面全是泥浆', '工地围挡破损，泥浆流到人行道'] },
  { category: 'CITY.ADS', type: 'complaint', weight: 1, texts: ['小区楼道里到处是小广告，清理后又被乱贴'] },
  { category: 'HOUSING.PROPERTY.SERVICE', type: 'complaint', weight: 5, texts: ['物业公司不作为，小区门禁坏了一个月没人修', '小区保洁不到位，物业服务差，多次反映无果'] },
  { category: 'HOUSING.PROPERTY.REPAIR', type: 'help', weight: 5, texts: ['楼上卫生间漏水，漏到楼下天花板', '外墙墙皮脱落，担心砸到行人，请尽快维修'] },
  { category: 'HOUSING.PROPERTY.FEES', type: 'complaint', weight: 2, texts: ['物业收费不合理，停车管理费上涨没有公示'] },
  { category: 'HOUSING.RENTAL.GROUP', type: 'report', weight: 2, texts: ['隔壁房子群租，住了很多人，进出杂乱', '楼上隔断出租，床位出租存在安全隐患'] },
  { category: 'HOUSING.RENTAL.DISPUTE', type: 'help', weight: 2, texts: ['退租后房东押金不退，中介也不管', '长租公寓突然要求提前退租，租金不退'] },
  { category: 'HOUSING.ELEVATOR.FAULT', type: 'help', weight: 2, texts: ['小区电梯故障频繁，电梯停运三天了', '电梯异响，维保单位一直不来检修'] },
  { category: 'UTILITIES.WATER_OUTAGE', type: 'help', weight: 3, texts: ['小区突然停水，没有任何通知', '家里水压低，高峰时段不出水'] },
  { category: 'UTILITIES.POWER', type: 'help', weight: 2, texts: ['整栋楼停电两个小时了，供电部门电话打不通', '家里电压不稳，经常跳闸'] },
  { category: 'UTILITIES.DRAINAGE', type: 'help', weight: 2, texts: ['下雨后马路积水严重，车辆无法通行', '小区下水道堵塞，污水外溢'] },
  { category: 'TRANSPORT.BUS', type: 'complaint', weight: 2, texts: ['公交车到站不停，甩站严重', '末班车提前发车，等了四十分钟'] },
  { category: 'TRANSPORT.TAXI', type: 'complaint', weight: 2, texts: ['出租车司机拒载，还绕路多收钱', '出租车不打表要求议价'] },
  { category: 'TRANSPORT.ROAD.STREETLIGHT', type: 'help', weight: 2, texts: ['路灯不亮已经一周了，晚上很暗', '小区门口路灯坏了，行人容易摔倒'] },
  { category: 'TRANSPORT.ROAD.POTHOLE', type: 'help', weight: 2, texts: ['路面塌陷出现大坑，电瓶车容易摔', '人行道破损严重，老人出行不便'] },
  { category: 'TRANSPORT.SHARED_BIKES', type: 'complaint', weight: 1, texts: ['共享单车乱停放，把人行道都堵住了'] },
  { category: 'POLICE.TRAFFIC.ILLEGAL_PARKING', type: 'complaint', weight: 3, texts: ['小区门口乱停车，堵住消防车道和出口', '僵尸车长期占用车位'] },
  { category: 'POLICE.DOGS', type: 'complaint', weight: 1, texts: ['邻居遛狗不牵绳，大型犬吓到孩子'] },
  { category: 'POLICE.RESIDENCE_PERMIT', type: 'help', weight: 1, texts: ['居住证续签一直办不下来，想了解进度'] },
  { category: 'LABOUR.WAGES', type: 'help', weight: 5, texts: ['公司拖欠工资三个月，老板失联', '工地包工头欠薪，二十多名工人讨薪无门'] },
  { category: 'LABOUR.CONTRACT', type: 'complaint', weight: 2, texts: ['公司不签劳动合同，还无故辞退', '试用期被辞退，没有经济补偿'] },
  { category: 'LABOUR.SOCIAL_INSURANCE.CONTRIBUTION', type: 'complaint', weight: 2, texts: ['单位不交社保，补缴手续复杂', '社保断缴半年，单位拒绝补缴'] },
  { category: 'MARKET.CONSUMER.PREPAID', type: 'complaint', weight: 4, texts: ['健身房预付卡商家跑路，卡里余额无法退', '理发店办的会员卡突然不能用了，要求退卡被拒'] },
  { category: 'MARKET.FOOD.PRODUCT', type: 'report', weight: 2, texts: ['超市销售过期食品，保质期已经过了', '买到的面包发霉变质'] },
  { category: 'MARKET.FOOD.CATERING', type: 'complaint', weight: 2, texts: ['外卖里吃出异物，商家拒绝处理', '饭店后厨不卫生，吃完拉肚子'] },
  { category: 'MARKET.CONSUMER.ONLINE', type: 'complaint', weight: 2, texts: ['网购商品质量差，商家不支持七天无理由退货'] },
  { category: 'MARKET.PRICE', type: 'complaint', weight: 1, texts: ['停车场乱收费，没有明码标价'] },
  { category: 'HEALTH.MEDICAL_SERVICE', type: 'complaint', weight: 2, texts: ['医院挂号难，医生态度差', '看病排队三小时，护士服务态度不好'] },
  { category: 'HEALTH.MEDICAL_INSURANCE', type: 'help', weight: 1, texts: ['异地就医报销遇到问题，医保结算不了'] },
  { category: 'EDUCATION.ADMISSION', type: 'help', weight: 2, texts: ['孩子幼升小对口入学有疑问，学区划片不清楚'] },
  { category: 'EDUCATION.TRAINING', type: 'complaint', weight: 1, texts: ['培训机构突然停课，退费迟迟不办'] },
  { category: 'CIVIL.NEIGHBOUR', type: 'help', weight: 2, texts: ['楼上邻居长期制造噪声，邻里矛盾需要调解'] },
  { category: 'CIVIL.ELDERLY.HOME_CARE', type: 'help', weight: 1, texts: ['家中老人需要长护险上门护理，照护评估一直没排上'] },
  { category: 'GREENERY.GARBAGE.COLLECTION', type: 'complaint', weight: 2, texts: ['小区垃圾箱房垃圾满了两天没人收', '垃圾车清运时混装混运'] },
  { category: 'GREENERY.TREES', type: 'help', weight: 2, texts: ['小区树木太高挡光，需要修剪', '台风后树倒压在路边，断枝很危险'] },
  { category: 'PLANNING.PLANS', type: 'suggestion', weight: 1, texts: ['新建楼盘影响小区日照采光，对规划公示有异议'] },
  { category: 'CULTURE.TOURISM', type: 'complaint', weight: 1, texts: ['参加一日游被导游强制购物'] },
  { category: 'TRANSPORT.METRO', type: 'suggestion', weight: 1, texts: ['建议地铁早高峰增加班次，车厢太挤'] },
];

/** Routable only by a dispatcher: no category keyword anywhere, so routing leaves them in the pool. */
export const unroutableTexts: readonly string[] = [
  '多个部门互相推诿，事情一直没有解决，希望有人牵头处理',
  '对上次的答复不满意，希望重新核实后给个说法',
  '家门口的设施归属不清，不知道该由哪个单位负责',
];

/** Calls that end in the pool and are then cancelled: no request behind them. */
export const invalidCallTexts: readonly string[] = ['来电无声，多次询问无应答后挂断', '市民来电后无法说明诉求即挂断', '骚扰来电，反复辱骂话务员', '市民撤回诉求，表示已自行解决'];

/** Emergencies: from the phone the operator is warned; from other channels routing hands them to 110. */
export const emergencyTexts: readonly string[] = ['楼下有人打架，有人受伤流血', '小区里有人持刀威胁路人'];

/** Answered on the spot from the knowledge base. */
export const onTheSpotCalls: readonly { text: string; answer: string }[] = [
  { text: '咨询居住证积分的办理条件', answer: '已告知居住证积分申请条件及受理窗口' },
  { text: '询问医保卡丢失如何补办', answer: '已告知补办流程及所需证件' },
  { text: '咨询公积金提取的条件和流程', answer: '已告知提取条件、材料和办理渠道' },
  { text: '询问孩子入学报名的时间安排', answer: '已告知本年度入学报名时间节点' },
  { text: '咨询失业金申领条件', answer: '已告知申领条件和线上办理入口' },
  { text: '询问某路段公交线路调整情况', answer: '已告知线路调整方案及替代线路' },
  { text: '咨询垃圾分类投放时间', answer: '已告知本区定时定点投放要求' },
];

/** Districts weighted by resident population (millions, 2016). */
export const districts: readonly (readonly [number, string])[] = [
  [0.66, '310101'], [1.08, '310104'], [0.69, '310105'], [1.07, '310106'], [1.28, '310107'], [0.8, '310109'], [1.31, '310110'], [2.54, '310112'],
  [2.03, '310113'], [1.58, '310114'], [5.5, '310115'], [0.8, '310116'], [1.75, '310117'], [1.21, '310118'], [1.16, '310120'], [0.69, '310151'],
];

const totalWeight = routableCalls.reduce((a, c) => a + c.weight, 0);

export function pickRoutable(rnd: Random): { template: CallTemplate; text: string } {
  let r = rnd.next() * totalWeight;
  let template = routableCalls[routableCalls.length - 1];
  for (const c of routableCalls) if ((r -= c.weight) < 0) {
    template = c;
    break;
  }
  return { template, text: rnd.pick(template.texts) };
}

export const citizenPhone = (rnd: Random) => `1${rnd.pick(['3', '5', '8'])}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`;

/** A street address in the district, with a number so that texts and addresses vary. */
export function location(rnd: Random, districtCode = rnd.weighted(districts)) {
  return { districtCode, address: `${rnd.pick(['长宁路', '漕溪北路', '浦东大道', '四平路', '沪闵路', '共和新路', '淮海中路', '江场路'])}${rnd.int(1, 1999)}号` };
}

/**
 * One intake body as the operator console, a partner app or the web form would send it; `kind`
 * chooses the mix (the intake benchmark's 45% on the spot follows the 2016 figures).
 */
export function intakeBody(rnd: Random, kind: 'on-the-spot' | 'phone' | 'app') {
  const citizen = { name: rnd.pick(['张先生', '李女士', '王先生', '陈女士', '刘先生']), phone: citizenPhone(rnd), callbackConsent: rnd.next() < 0.92 };
  if (kind === 'on-the-spot') {
    const c = rnd.pick(onTheSpotCalls);
    return { line: '12345', channel: 'phone', type: 'consult', description: c.text, citizen, answeredOnSpot: { answer: c.answer } };
  }
  const { template, text } = pickRoutable(rnd);
  const base = { type: template.type, description: `${text}。地址：${location(rnd).address}`, citizen, location: location(rnd) };
  if (kind === 'app') return { line: '12345', channel: 'app', ...base };
  const line = template.category.startsWith('ENV') && rnd.next() < 0.4 ? '12369' : '12345';
  return { line, channel: 'phone', categoryCode: template.category, ...base };
}
