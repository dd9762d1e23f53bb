/**
 * Category tree shipped with the product (SPEC section 3): what citizens call 12345 about.
 *
 * Codes are stable, UPPER_SNAKE segments joined by dots by level (`ENV`, `ENV.NOISE`,
 * `ENV.NOISE.NIGHT_CONSTRUCTION`); a child's code is its parent's code plus one segment, and parents come
 * before their children. Leaves carry the keywords used for classification (Chinese has no spaces, so they
 * are matched as substrings; a keyword sits on one leaf only) and a default department. `districtFunction`
 * marks matters handled by the district's own office (<district>-ENV / -CITY / -HOUSING) when the ticket
 * has a district.
 */
import type { CategorySeed } from './types';

type DistrictFunction = NonNullable<CategorySeed['districtFunction']>;

function parentOf(code: string): string | null {
  const dot = code.lastIndexOf('.');
  return dot < 0 ? null : code.slice(0, dot);
}

/** A top-level area or an intermediate group: no default department, few or no keywords. */
function group(code: string, name: string, nameEn: string, keywords: string[] = []): CategorySeed {
  return { code, name, nameEn, parentCode: parentOf(code), keywords, defaultDepartmentCode: null };
}

function leaf(
  code: string,
  name: string,
  nameEn: string,
  defaultDepartmentCode: string,
  keywords: string[],
  districtFunction?: DistrictFunction,
): CategorySeed {
  const seed: CategorySeed = { code, name, nameEn, parentCode: parentOf(code), keywords, defaultDepartmentCode };
  if (districtFunction) seed.districtFunction = districtFunction;
  return seed;
}

export const categories: CategorySeed[] = [
  // ── 环境保护 ────────────────────────────────────────────────────────────────────────────────
  group('ENV', '环境保护', 'Environmental protection'),
  group('ENV.NOISE', '噪声污染', 'Noise pollution', ['噪音', '噪声', '吵']),
  leaf('ENV.NOISE.NIGHT_CONSTRUCTION', '夜间施工噪声', 'Night-time construction noise', 'SH-ENV',
    ['夜间施工', '半夜施工', '晚上施工', '通宵施工', '连夜施工', '打桩', '施工噪音', '凌晨施工', '还在施工'], 'ENV'),
  leaf('ENV.NOISE.COMMERCIAL', '商业娱乐噪声', 'Commercial and entertainment noise', 'SH-ENV',
    ['KTV', '酒吧', '音响声', '喇叭叫卖', '高音喇叭', '歌厅', '店铺音乐', '迪厅'], 'ENV'),
  leaf('ENV.NOISE.SOCIAL', '社会生活噪声（广场舞等）', 'Neighbourhood noise (square dancing etc.)', 'SH-ENV',
    ['广场舞', '跳舞', '唱歌', '音箱', '放音乐', '空调外机', '装修噪音', '健身音乐'], 'ENV'),
  leaf('ENV.NOISE.TRAFFIC', '交通噪声', 'Traffic noise', 'SH-ENV',
    ['高架噪音', '隔音屏', '鸣笛', '炸街', '车辆噪音', '轰油门', '轨道噪音'], 'ENV'),
  leaf('ENV.NOISE.INDUSTRIAL', '工业噪声', 'Industrial noise', 'SH-ENV',
    ['工厂噪音', '机器轰鸣', '设备噪音', '风机', '冷却塔', '厂房噪音', '机器声'], 'ENV'),
  group('ENV.AIR', '大气污染', 'Air pollution'),
  leaf('ENV.AIR.EXHAUST', '工业废气', 'Industrial exhaust gas', 'SH-ENV',
    ['废气', '刺鼻', '烟囱', '化工味', '排放废气', '臭气', '喷漆'], 'ENV'),
  leaf('ENV.AIR.CATERING_FUMES', '餐饮油烟', 'Restaurant cooking fumes', 'SH-ENV',
    ['油烟', '烧烤', '排烟', '饭店排烟', '烟熏', '油烟机', '炒菜味'], 'ENV'),
  leaf('ENV.AIR.DUST', '扬尘', 'Dust', 'SH-ENV',
    ['扬尘', '灰尘', '粉尘', '尘土飞扬', '灰很大', '搅拌站'], 'ENV'),
  leaf('ENV.AIR.BURNING', '露天焚烧', 'Open burning', 'SH-ENV',
    ['焚烧', '烧垃圾', '烧秸秆', '烧树叶', '黑烟', '烧东西'], 'ENV'),
  group('ENV.WATER', '水污染', 'Water pollution'),
  leaf('ENV.WATER.DISCHARGE', '污水偷排', 'Illegal wastewater discharge', 'SH-ENV',
    ['偷排', '排污', '污水直排', '排污口', '废水', '污水排进'], 'ENV'),
  leaf('ENV.WATER.RIVER', '河道黑臭与水面污染', 'Polluted or smelly rivers', 'SH-ENV',
    ['河道', '河水', '黑臭', '死鱼', '河面漂浮', '水葫芦', '河浜'], 'ENV'),
  group('ENV.SOLID', '固体废物与土壤', 'Solid waste and soil'),
  leaf('ENV.SOLID.HAZARDOUS', '危险废物', 'Hazardous waste', 'SH-ENV',
    ['危废', '危险废物', '化学品', '废机油', '医疗废物', '废溶剂'], 'ENV'),
  leaf('ENV.SOLID.DUMPING', '工业固废倾倒与土壤污染', 'Industrial waste dumping and soil pollution', 'SH-ENV',
    ['偷倒', '倾倒', '工业固废', '土壤污染', '污染土地', '工业垃圾'], 'ENV'),
  leaf('ENV.RADIATION', '辐射', 'Radiation', 'SH-ENV', ['辐射', '基站', '信号塔', '电磁', '变电站'], 'ENV'),

  // ── 市容与城管执法 ──────────────────────────────────────────────────────────────────────────
  group('CITY', '市容与城管执法', 'City appearance and urban management'),
  leaf('CITY.ILLEGAL_BUILDING', '违法建筑', 'Illegal structures', 'SH-HOUSING',
    ['违建', '违章搭建', '违法建筑', '私自搭建', '加盖', '阳光房', '搭棚', '违章建筑', '搭建'], 'CITY'),
  leaf('CITY.VENDORS', '占道经营与无证摊贩', 'Street vendors and roadside trading', 'SH-GREENERY',
    ['占道经营', '摆摊', '小贩', '流动摊', '地摊', '出店经营', '夜排档'], 'CITY'),
  leaf('CITY.LITTERING', '乱扔乱倒与乱堆物', 'Littering and clutter', 'SH-GREENERY',
    ['乱扔', '乱倒', '乱堆', '堆物', '脏乱差', '垃圾堆放'], 'CITY'),
  leaf('CITY.ADS', '乱张贴与户外广告', 'Fly-posting and outdoor advertising', 'SH-GREENERY',
    ['小广告', '乱贴', '张贴', '牛皮癣', '广告牌', '招牌', '乱涂'], 'CITY'),
  leaf('CITY.CONSTRUCTION_SITE', '工地管理与渣土', 'Construction site nuisance and spoil transport', 'SH-HOUSING',
    ['工地', '渣土', '围挡', '泥浆', '撒漏', '工地脏乱', '泥头车'], 'CITY'),

  // ── 住房与物业 ──────────────────────────────────────────────────────────────────────────────
  group('HOUSING', '住房与物业', 'Housing and property management'),
  group('HOUSING.PROPERTY', '物业管理', 'Property management', ['物业']),
  leaf('HOUSING.PROPERTY.SERVICE', '物业服务', 'Property management service', 'SH-HOUSING',
    ['物业不作为', '物业公司', '物业服务', '保安', '保洁', '小区管理', '门禁'], 'HOUSING'),
  leaf('HOUSING.PROPERTY.FEES', '物业费与维修资金', 'Service charges and maintenance fund', 'SH-HOUSING',
    ['物业费', '维修基金', '维修资金', '公共收益', '物业收费', '停车管理费'], 'HOUSING'),
  leaf('HOUSING.PROPERTY.OWNERS_COMMITTEE', '业委会', "Owners' committee", 'SH-HOUSING',
    ['业委会', '业主大会', '业主委员会', '换届', '选聘物业', '换物业'], 'HOUSING'),
  leaf('HOUSING.PROPERTY.REPAIR', '房屋维修', 'Housing repairs', 'SH-HOUSING',
    ['漏水', '渗水', '墙体开裂', '房屋维修', '屋顶', '外墙', '墙皮脱落', '下水管', '漏到楼下'], 'HOUSING'),
  group('HOUSING.ELEVATOR', '电梯', 'Elevators'),
  leaf('HOUSING.ELEVATOR.FAULT', '电梯故障与安全', 'Elevator faults and safety', 'SH-MARKET',
    ['电梯故障', '电梯坏', '电梯停运', '困梯', '关在电梯', '电梯异响', '电梯维保']),
  leaf('HOUSING.ELEVATOR.RETROFIT', '加装电梯', 'Adding elevators to old buildings', 'SH-HOUSING',
    ['加装电梯', '加梯', '装电梯', '老公房电梯'], 'HOUSING'),
  group('HOUSING.RENTAL', '房屋租赁', 'Rental housing'),
  leaf('HOUSING.RENTAL.GROUP', '群租', 'Overcrowded group rentals', 'SH-HOUSING',
    ['群租', '隔断', '隔间', '床位出租', '住了很多人', '分租'], 'HOUSING'),
  leaf('HOUSING.RENTAL.DISPUTE', '租赁纠纷与中介', 'Rental disputes and letting agents', 'SH-HOUSING',
    ['押金不退', '中介', '房东', '租房合同', '长租公寓', '租金', '租赁备案'], 'HOUSING'),
  leaf('HOUSING.SALE', '商品房买卖与交付', 'New home sales and handover', 'SH-HOUSING',
    ['开发商', '交房', '延期交付', '精装修', '新房质量', '购房', '售楼处']),
  leaf('HOUSING.SECURITY', '保障性住房', 'Affordable housing', 'SH-HOUSING',
    ['廉租房', '公租房', '共有产权房', '保障房', '经适房', '人才公寓']),
  leaf('HOUSING.PROVIDENT_FUND', '住房公积金', 'Housing provident fund', 'SH-HOUSING',
    ['公积金', '提取公积金', '公积金贷款', '公积金缴存', '公积金账户']),
  leaf('HOUSING.RENEWAL', '旧区改造与房屋征收', 'Urban renewal and expropriation', 'SH-HOUSING',
    ['旧改', '征收', '拆迁', '动迁', '补偿款', '城中村']),

  // ── 水电气热 ────────────────────────────────────────────────────────────────────────────────
  group('UTILITIES', '水电气热', 'Water, power, gas and heating'),
  leaf('UTILITIES.WATER_OUTAGE', '停水与水压', 'Water outage and low pressure', 'SH-WATER',
    ['停水', '没水', '断水', '水压低', '水很小', '不出水', '自来水管爆']),
  leaf('UTILITIES.WATER_QUALITY', '自来水水质', 'Tap water quality', 'SH-WATER',
    ['水质', '黄水', '浑浊', '水有异味', '水发黄', '水里有沉淀', '二次供水']),
  leaf('UTILITIES.POWER', '停电与供电', 'Power outage and supply', 'SH-HOUSING',
    ['停电', '断电', '跳闸', '没电', '电压不稳', '电表', '供电']),
  leaf('UTILITIES.GAS', '燃气供应', 'Gas supply', 'SH-HOUSING',
    ['燃气', '煤气', '没气', '燃气表', '天然气', '打不着火', '液化气']),
  leaf('UTILITIES.HEATING', '供暖', 'Heating', 'SH-HOUSING', ['供暖', '暖气', '集中供热', '地暖', '取暖']),
  leaf('UTILITIES.DRAINAGE', '排水与积水', 'Drainage and flooding', 'SH-WATER',
    ['积水', '下水道', '窨井', '排水不畅', '污水外溢', '淹水', '马路积水', '化粪池']),

  // ── 交通出行 ────────────────────────────────────────────────────────────────────────────────
  group('TRANSPORT', '交通出行', 'Transport'),
  leaf('TRANSPORT.BUS', '公交', 'Buses', 'SH-TRANSPORT',
    ['公交车', '公交站', '甩站', '公交线路', '末班车', '班次', '公交司机']),
  leaf('TRANSPORT.METRO', '轨道交通', 'Metro', 'SH-TRANSPORT',
    ['地铁', '轨交', '轨道交通', '号线', '地铁站', '安检']),
  leaf('TRANSPORT.TAXI', '出租车', 'Taxis', 'SH-TRANSPORT',
    ['出租车', '拒载', '绕路', '议价', '的士', '出租车司机', '打表']),
  leaf('TRANSPORT.RIDE_HAILING', '网约车', 'Ride-hailing', 'SH-TRANSPORT',
    ['网约车', '滴滴', '顺风车', '网约车司机', '打车软件', '取消订单']),
  leaf('TRANSPORT.PARKING', '停车场与停车收费', 'Car parks and parking charges', 'SH-TRANSPORT',
    ['停车场', '停车费', '车位', '停车难', '收费停车', '道路停车']),
  leaf('TRANSPORT.SHARED_BIKES', '共享单车', 'Shared bicycles', 'SH-TRANSPORT',
    ['共享单车', '单车乱停', '哈啰', '美团单车', '共享电单车']),
  group('TRANSPORT.ROAD', '道路设施', 'Roads and street furniture'),
  leaf('TRANSPORT.ROAD.POTHOLE', '道路破损', 'Potholes and damaged roads', 'SH-TRANSPORT',
    ['坑洼', '路面破损', '路面塌陷', '井盖', '路不平', '人行道破损']),
  leaf('TRANSPORT.ROAD.STREETLIGHT', '路灯', 'Street lights', 'SH-TRANSPORT',
    ['路灯', '路灯不亮', '灯坏了', '照明', '太暗', '灯杆']),
  leaf('TRANSPORT.ROAD.SIGNAL', '交通信号与标志标线', 'Traffic signals, signs and markings', 'SH-POLICE',
    ['红绿灯', '信号灯', '斑马线', '标志牌', '标线', '绿灯时间']),
  leaf('TRANSPORT.ROAD.WORKS', '道路施工与掘路', 'Road works', 'SH-TRANSPORT',
    ['道路开挖', '掘路', '占路施工', '封路', '道路施工', '修路']),

  // ── 公安（非紧急） ──────────────────────────────────────────────────────────────────────────
  group('POLICE', '公安事务（非紧急）', 'Police matters (non-emergency)'),
  group('POLICE.TRAFFIC', '交通管理', 'Traffic management'),
  leaf('POLICE.TRAFFIC.ILLEGAL_PARKING', '违法停车', 'Illegal parking', 'SH-POLICE',
    ['乱停车', '违停', '违章停车', '堵门口', '车堵住', '挡住出口', '僵尸车']),
  leaf('POLICE.TRAFFIC.ORDER', '交通秩序与拥堵', 'Traffic order and congestion', 'SH-POLICE',
    ['拥堵', '堵车', '加塞', '逆行', '闯红灯', '乱穿马路', '非机动车']),
  leaf('POLICE.TRAFFIC.LICENSE', '驾驶证与车辆管理', 'Driving licences and vehicle registration', 'SH-POLICE',
    ['驾驶证', '驾照', '换证', '车管所', '年检', '扣分', '罚单', '车牌']),
  leaf('POLICE.HUKOU', '户籍', 'Household registration', 'SH-POLICE',
    ['户口', '户籍', '报户口', '迁户口', '户口本', '出生登记', '投靠']),
  leaf('POLICE.RESIDENCE_PERMIT', '居住登记与居住证', 'Residence registration and permits', 'SH-POLICE',
    ['居住证', '居住登记', '居住证续', '来沪人员', '临时居住']),
  leaf('POLICE.ID_CARD', '身份证', 'Identity cards', 'SH-POLICE',
    ['身份证', '补办身份证', '身份证过期', '临时身份证', '换身份证']),
  leaf('POLICE.EXIT_ENTRY', '出入境证件', 'Exit-entry documents', 'SH-POLICE',
    ['护照', '港澳通行证', '出入境', '签证', '台湾通行证', '往来台湾']),
  leaf('POLICE.DOGS', '养犬管理', 'Dog ownership', 'SH-POLICE',
    ['养犬', '遛狗', '不牵绳', '犬证', '流浪狗', '狗叫', '大型犬']),
  leaf('POLICE.FRAUD', '诈骗与治安线索', 'Fraud and public order tips', 'SH-POLICE',
    ['诈骗', '被骗', '骗子', '传销', '赌博', '非法集资']),
  leaf('POLICE.FIRE_SAFETY', '消防安全隐患', 'Fire safety hazards', 'SH-POLICE',
    ['消防通道', '飞线充电', '电瓶车上楼', '消防栓', '灭火器', '楼道堆物']),

  // ── 劳动就业与社会保险 ──────────────────────────────────────────────────────────────────────
  group('LABOUR', '劳动就业与社会保险', 'Employment and social insurance'),
  leaf('LABOUR.WAGES', '欠薪与工资', 'Unpaid wages', 'SH-HRSS',
    ['欠薪', '拖欠工资', '不发工资', '讨薪', '工资没发', '克扣工资', '最低工资', '工资']),
  leaf('LABOUR.CONTRACT', '劳动合同', 'Labour contracts', 'SH-HRSS',
    ['劳动合同', '不签合同', '辞退', '解除合同', '经济补偿', '试用期', '开除']),
  leaf('LABOUR.WORKING_HOURS', '加班与休假', 'Overtime and leave', 'SH-HRSS',
    ['加班费', '加班', '年假', '休息日', '工时', '调休', '产假']),
  group('LABOUR.SOCIAL_INSURANCE', '社会保险', 'Social insurance', ['社保']),
  leaf('LABOUR.SOCIAL_INSURANCE.CONTRIBUTION', '社保缴纳', 'Social insurance contributions', 'SH-HRSS',
    ['不交社保', '社保断缴', '缴费基数', '补缴', '社保缴费', '缴费记录']),
  leaf('LABOUR.SOCIAL_INSURANCE.TRANSFER', '社保关系转移', 'Social insurance transfer', 'SH-HRSS',
    ['社保转移', '转移接续', '转入上海', '转回老家', '养老保险关系']),
  leaf('LABOUR.SOCIAL_INSURANCE.PENSION', '养老金与退休', 'Pensions and retirement', 'SH-HRSS',
    ['养老金', '退休', '退休金', '办理退休', '退休年龄', '延迟退休']),
  leaf('LABOUR.SOCIAL_INSURANCE.UNEMPLOYMENT', '失业保险', 'Unemployment insurance', 'SH-HRSS',
    ['失业金', '失业保险', '失业登记', '领失业', '失业补助']),
  leaf('LABOUR.SOCIAL_INSURANCE.INJURY', '工伤', 'Work injury', 'SH-HRSS',
    ['工伤', '工伤认定', '工伤鉴定', '上班受伤', '劳动能力鉴定']),
  leaf('LABOUR.EMPLOYMENT', '就业与职业培训', 'Jobs and vocational training', 'SH-HRSS',
    ['找工作', '就业', '招聘', '职业培训', '技能补贴', '创业', '灵活就业']),
  leaf('LABOUR.TALENT', '人才引进与积分落户', 'Talent schemes and points-based hukou', 'SH-HRSS',
    ['人才引进', '留学生落户', '应届生落户', '居转户', '积分', '落户']),

  // ── 市场监管与消费 ──────────────────────────────────────────────────────────────────────────
  group('MARKET', '市场监管与消费', 'Market regulation and consumer affairs'),
  group('MARKET.FOOD', '食品安全', 'Food safety'),
  leaf('MARKET.FOOD.CATERING', '餐饮卫生', 'Restaurant hygiene', 'SH-MARKET',
    ['不卫生', '吃坏肚子', '拉肚子', '后厨', '苍蝇', '外卖', '吃出']),
  leaf('MARKET.FOOD.PRODUCT', '食品质量', 'Food product quality', 'SH-MARKET',
    ['过期食品', '保质期', '变质', '发霉', '食品标签', '三无', '临期', '过期']),
  group('MARKET.CONSUMER', '消费纠纷', 'Consumer disputes'),
  leaf('MARKET.CONSUMER.PREPAID', '预付卡', 'Prepaid cards', 'SH-MARKET',
    ['预付卡', '充值卡', '会员卡', '卡里余额', '跑路', '办卡', '退卡', '储值']),
  leaf('MARKET.CONSUMER.ONLINE', '网购纠纷', 'Online shopping disputes', 'SH-MARKET',
    ['网购', '七天无理由', '电商', '网店', '直播带货', '淘宝', '拼多多', '京东']),
  leaf('MARKET.CONSUMER.SERVICE', '服务消费纠纷', 'Consumer service disputes', 'SH-MARKET',
    ['消费纠纷', '退款', '商家', '售后', '美容美发', '健身房', '维修服务']),
  leaf('MARKET.PRICE', '价格', 'Prices', 'SH-MARKET',
    ['价格', '乱收费', '明码标价', '价格欺诈', '收费过高', '哄抬', '涨价']),
  leaf('MARKET.QUALITY', '产品质量', 'Product quality', 'SH-MARKET',
    ['产品质量', '假冒', '假货', '伪劣', '质量问题', '以次充好', '缺斤短两']),
  leaf('MARKET.LICENSING', '无照经营与营业执照', 'Unlicensed business and business licences', 'SH-MARKET',
    ['无照经营', '营业执照', '无证经营', '黑作坊', '注册公司']),
  leaf('MARKET.DRUGS', '药品与医疗器械', 'Medicines and medical devices', 'SH-MARKET',
    ['药店', '药品', '假药', '医疗器械', '保健品', '处方药']),

  // ── 卫生健康 ────────────────────────────────────────────────────────────────────────────────
  group('HEALTH', '卫生健康', 'Health'),
  leaf('HEALTH.MEDICAL_SERVICE', '医疗服务', 'Medical services', 'SH-HEALTH',
    ['医院', '医生', '看病', '挂号', '医疗纠纷', '误诊', '护士', '急诊']),
  leaf('HEALTH.MEDICAL_INSURANCE', '医疗保险', 'Medical insurance', 'SH-HEALTH',
    ['医保', '医保卡', '报销', '医保结算', '异地就医', '社保卡', '医保码']),
  leaf('HEALTH.VACCINE', '疫苗接种', 'Vaccination', 'SH-HEALTH',
    ['疫苗', '接种', '预防针', '狂犬疫苗', 'HPV', '打疫苗']),
  leaf('HEALTH.PUBLIC_HEALTH', '公共卫生与病媒', 'Public health and pests', 'SH-HEALTH',
    ['老鼠', '蟑螂', '蚊子', '病媒', '传染病', '卫生许可', '消杀']),
  leaf('HEALTH.PRIMARY_CARE', '家庭医生与社区卫生', 'Family doctors and community health', 'SH-HEALTH',
    ['家庭医生', '社区医院', '社区卫生服务中心', '签约', '配药']),
  leaf('HEALTH.BIRTH', '生育服务', 'Maternity services', 'SH-HEALTH',
    ['生育', '出生医学证明', '出生证', '产检', '建卡', '生育登记']),

  // ── 教育 ────────────────────────────────────────────────────────────────────────────────────
  group('EDUCATION', '教育', 'Education'),
  leaf('EDUCATION.ADMISSION', '入学招生', 'School admissions', 'SH-EDU',
    ['入学', '招生', '幼升小', '小升初', '学区', '对口', '入园', '划片', '上小学']),
  leaf('EDUCATION.SCHOOL', '学校管理', 'School management', 'SH-EDU',
    ['学校', '老师', '作业', '校服', '课后服务', '班主任', '学生']),
  leaf('EDUCATION.TRAINING', '校外培训机构', 'Private tutoring and training institutions', 'SH-EDU',
    ['培训机构', '补课', '培训班', '教培', '退费', '学科类培训', '托管班']),
  leaf('EDUCATION.EXAMS', '考试', 'Examinations', 'SH-EDU',
    ['中考', '高考', '考试报名', '学业水平考试', '成人高考', '自考']),
  leaf('EDUCATION.CHILDCARE', '托育服务', 'Childcare for under-threes', 'SH-EDU',
    ['托育', '托儿所', '托班', '早教', '宝宝屋']),

  // ── 民政与社会救助 ──────────────────────────────────────────────────────────────────────────
  group('CIVIL', '民政与社会救助', 'Civil affairs and social assistance'),
  group('CIVIL.ELDERLY', '养老服务', 'Elderly care', ['老人', '养老']),
  leaf('CIVIL.ELDERLY.CARE_HOME', '养老机构', 'Care homes', 'SH-CIVIL',
    ['养老院', '敬老院', '养老机构', '护理院', '入住养老']),
  leaf('CIVIL.ELDERLY.HOME_CARE', '居家养老与长护险', 'Home care and long-term care insurance', 'SH-CIVIL',
    ['长护险', '居家养老', '助餐', '老年助餐', '上门护理', '照护评估']),
  leaf('CIVIL.ELDERLY.ALLOWANCE', '老年综合津贴', 'Old-age allowance', 'SH-CIVIL',
    ['老年津贴', '高龄津贴', '老年综合津贴', '敬老卡', '尊老金']),
  group('CIVIL.ASSISTANCE', '社会救助与补贴', 'Social assistance and subsidies'),
  leaf('CIVIL.ASSISTANCE.DIBAO', '低保', 'Minimum living allowance', 'SH-CIVIL',
    ['低保', '最低生活保障', '低收入', '救助金', '困难家庭', '困难补助']),
  leaf('CIVIL.ASSISTANCE.TEMPORARY', '临时救助与流浪乞讨', 'Emergency relief and homeless people', 'SH-CIVIL',
    ['临时救助', '流浪', '乞讨', '救助站', '露宿', '走失']),
  leaf('CIVIL.DISABILITY', '残疾人服务', 'Services for disabled people', 'SH-CIVIL',
    ['残疾人', '残疾证', '无障碍', '残联', '盲道', '轮椅']),
  leaf('CIVIL.MARRIAGE', '婚姻登记', 'Marriage registration', 'SH-CIVIL',
    ['结婚登记', '离婚', '婚姻登记', '结婚证', '领证', '离婚冷静期']),
  leaf('CIVIL.FUNERAL', '殡葬服务', 'Funeral services', 'SH-CIVIL',
    ['殡葬', '墓地', '骨灰', '丧葬', '殡仪馆', '祭扫', '墓穴']),
  leaf('CIVIL.COMMUNITY', '居村委与社区治理', 'Residents committees and community affairs', 'SH-CIVIL',
    ['居委会', '居委', '村委会', '社区工作者', '社区活动', '门牌']),
  leaf('CIVIL.NEIGHBOUR', '邻里纠纷', 'Neighbour disputes', 'SH-CIVIL',
    ['邻居', '邻里纠纷', '楼上', '楼下', '邻里矛盾', '吵架', '调解']),

  // ── 绿化与环卫 ──────────────────────────────────────────────────────────────────────────────
  group('GREENERY', '绿化与环卫', 'Greenery and sanitation'),
  leaf('GREENERY.TREES', '树木修剪', 'Tree trimming', 'SH-GREENERY',
    ['修剪', '树枝', '树木', '挡光', '树倒', '断枝', '砍树', '树太高']),
  leaf('GREENERY.PARKS', '公园绿地', 'Parks and green spaces', 'SH-GREENERY',
    ['公园', '绿地', '草坪', '毁绿', '绿化带', '种菜']),
  group('GREENERY.GARBAGE', '生活垃圾', 'Household waste', ['垃圾']),
  leaf('GREENERY.GARBAGE.SORTING', '垃圾分类', 'Waste sorting', 'SH-GREENERY',
    ['垃圾分类', '湿垃圾', '干垃圾', '可回收物', '有害垃圾', '定时定点', '垃圾箱房', '破袋']),
  leaf('GREENERY.GARBAGE.COLLECTION', '垃圾清运', 'Waste collection', 'SH-GREENERY',
    ['垃圾清运', '没人收', '垃圾满了', '垃圾车', '混装混运', '垃圾桶满', '清运']),
  leaf('GREENERY.GARBAGE.BULKY', '装修垃圾与大件垃圾', 'Renovation and bulky waste', 'SH-GREENERY',
    ['装修垃圾', '建筑垃圾', '大件垃圾', '旧家具', '装潢垃圾']),
  leaf('GREENERY.PUBLIC_TOILETS', '公共厕所', 'Public toilets', 'SH-GREENERY',
    ['公厕', '公共厕所', '厕所', '公共卫生间', '如厕']),
  leaf('GREENERY.STREET_CLEANING', '道路保洁', 'Street cleaning', 'SH-GREENERY',
    ['马路脏', '道路保洁', '环卫工', '扫马路', '落叶', '保洁不到位']),

  // ── 规划与土地 ──────────────────────────────────────────────────────────────────────────────
  group('PLANNING', '规划与土地', 'Planning and land'),
  leaf('PLANNING.PLANS', '规划公示与调整', 'Planning notices and changes', 'SH-PLANNING',
    ['规划', '规划公示', '日照', '采光', '容积率', '规划许可', '建设项目公示']),
  leaf('PLANNING.LAND', '土地与不动产登记', 'Land and real estate registration', 'SH-PLANNING',
    ['不动产登记', '房产证', '产证', '不动产权证', '宅基地', '土地', '过户']),

  // ── 文化旅游 ────────────────────────────────────────────────────────────────────────────────
  group('CULTURE', '文化旅游', 'Culture and tourism'),
  leaf('CULTURE.TOURISM', '旅游团与旅行社', 'Tour groups and travel agencies', 'SH-CULTURE',
    ['旅游团', '旅行社', '导游', '强制购物', '一日游', '跟团']),
  leaf('CULTURE.VENUES', '文化场馆与景区', 'Cultural venues and scenic spots', 'SH-CULTURE',
    ['景区', '博物馆', '图书馆', '门票', '演出', '剧场', '展览']),
  leaf('CULTURE.ENTERTAINMENT', '娱乐场所与网吧', 'Entertainment venues and internet cafés', 'SH-CULTURE',
    ['网吧', '娱乐场所', '剧本杀', '密室', '游戏厅', '电竞酒店']),
  leaf('CULTURE.HOTELS', '酒店民宿', 'Hotels and B&Bs', 'SH-CULTURE', ['民宿', '酒店', '宾馆', '客房']),

  // ── 政策咨询 ────────────────────────────────────────────────────────────────────────────────
  group('POLICY', '政策咨询', 'Policy enquiries'),
  leaf('POLICY.GENERAL', '政策咨询', 'General policy enquiries', 'HOTLINE',
    ['政策', '怎么办理', '需要什么材料', '办事指南', '咨询一下', '哪里办']),
  leaf('POLICY.ONLINE_SERVICES', '一网通办与政务服务', 'Online government services', 'HOTLINE',
    ['一网通办', '随申办', '随申码', '网上办事', '政务服务中心', '社区事务受理']),

  // ── 表扬 ────────────────────────────────────────────────────────────────────────────────────
  group('PRAISE', '表扬', 'Praise'),
  leaf('PRAISE.GENERAL', '表扬感谢', 'Praise and thanks', 'HOTLINE',
    ['表扬', '感谢', '锦旗', '点赞', '服务很好', '谢谢']),

  // ── 其他 ────────────────────────────────────────────────────────────────────────────────────
  group('OTHER', '其他', 'Other'),
  leaf('OTHER.GENERAL', '其他事项', 'Other matters', 'HOTLINE',
    ['其他问题', '不知道找谁', '反映情况', '别的事']),
];
