// Keyword classification (SPEC §7.3) against the category tree the product ships with.
import { expect } from 'chai';
import { categories } from '../../src/db/reference/categories.js';
import { createClassifier, type ClassifiableLeaf } from '../../src/modules/routing/classifier.js';

const parentCodes = new Set(categories.map((c) => c.parentCode));
const leaves: ClassifiableLeaf[] = categories.filter((c) => !parentCodes.has(c.code));
const shipped = createClassifier(leaves);

/** Real-sounding complaints, as citizens phrase them, and the leaf a dispatcher would choose. */
const complaints: ReadonlyArray<readonly [string, string]> = [
  ['小区旁边的工地凌晨施工打桩，整栋楼都在震', 'ENV.NOISE.NIGHT_CONSTRUCTION'],
  ['我们楼里有一套房子被隔成了七八间，住了十几个人，明显是群租', 'HOUSING.RENTAL.GROUP'],
  ['我在一家饭店打工，老板已经拖欠工资三个月了', 'LABOUR.WAGES'],
  ['包工头欠薪跑了，我们十几个工人半年没拿到钱', 'LABOUR.WAGES'],
  ['我家从今天早上开始停水，也没看到任何通知', 'UTILITIES.WATER_OUTAGE'],
  ['小区门口那段路的路灯一个多星期都不亮了，晚上走路很危险', 'TRANSPORT.ROAD.STREETLIGHT'],
  ['在虹桥火车站打车，出租车司机嫌路近拒载', 'TRANSPORT.TAXI'],
  ['在超市买的牛奶已经过了保质期还摆在货架上卖', 'MARKET.FOOD.PRODUCT'],
  ['我在小区门口的健身房办了会员卡，现在老板跑路了，卡里还有五千多块钱', 'MARKET.CONSUMER.PREPAID'],
  ['楼下烧烤店的油烟直接排到我们家窗户，一开窗全是油烟味', 'ENV.AIR.CATERING_FUMES'],
  ['隔壁在楼顶私自搭建了一个阳光房，挡住了我们家的光', 'CITY.ILLEGAL_BUILDING'],
  ['我们小区物业不作为，电梯坏了一个月都没人管', 'HOUSING.PROPERTY.SERVICE'],
  ['小区搞垃圾分类以后，湿垃圾桶天天满出来也没人清理', 'GREENERY.GARBAGE.SORTING'],
  ['我在外地住院，想问一下医保报销需要带哪些东西', 'HEALTH.MEDICAL_INSURANCE'],
  ['我妈今年八十二岁了，想给她找一家离家近一点的养老院', 'CIVIL.ELDERLY.CARE_HOME'],
  ['我的居住证下个月到期，续签要去哪里办', 'POLICE.RESIDENCE_PERMIT'],
  ['菜场门口很多小贩占道经营，人行道都走不过去', 'CITY.VENDORS'],
  ['71路公交车经常甩站，等了半个小时都不停', 'TRANSPORT.BUS'],
  ['地铁站出口共享单车乱停乱放，人都出不去', 'TRANSPORT.SHARED_BIKES'],
  ['公司不跟我签劳动合同，现在要辞退我还不给补偿', 'LABOUR.CONTRACT'],
  ['小区广场每天晚上有人跳广场舞，音响开得特别响', 'ENV.NOISE.SOCIAL'],
  ['家里自来水是黄水，放了好久还是很浑浊', 'UTILITIES.WATER_QUALITY'],
  ['点的外卖里吃出了一只苍蝇', 'MARKET.FOOD.CATERING'],
  ['电瓶车停在楼道里飞线充电，太危险了', 'POLICE.FIRE_SAFETY'],
  ['我已经退休半年了，养老金怎么还没到账', 'LABOUR.SOCIAL_INSURANCE.PENSION'],
  ['小区里有人遛狗不牵绳，把小孩吓哭了', 'POLICE.DOGS'],
  ['网购的衣服申请七天无理由退货，商家一直拖着不处理', 'MARKET.CONSUMER.ONLINE'],
  ['家门口的河浜里漂着很多死鱼，水又黑又臭', 'ENV.WATER.RIVER'],
  ['马路中间的井盖松了，车开过去哐哐响', 'TRANSPORT.ROAD.POTHOLE'],
  ['我想提取公积金装修房子，需要什么条件', 'HOUSING.PROVIDENT_FUND'],
  ['我的身份证丢了，想问一下补办要多久', 'POLICE.ID_CARD'],
  ['隔壁酒吧每天营业到凌晨两点，音乐声吵得睡不着', 'ENV.NOISE.COMMERCIAL'],
  ['隔壁KTV每天半夜还在唱歌，吵得孩子没法睡觉', 'ENV.NOISE.COMMERCIAL'],
  ['小区门口的停车场停车费一下子涨了一倍', 'TRANSPORT.PARKING'],
  ['我们这栋楼一到晚上就停电，冰箱里的东西都坏了', 'UTILITIES.POWER'],
  ['化工厂烟囱晚上偷偷排废气，味道很刺鼻', 'ENV.AIR.EXHAUST'],
  ['网约车司机中途把我赶下车，还扣了我的钱', 'TRANSPORT.RIDE_HAILING'],
  ['我想把孩子送去托育机构，有没有政府办的托班', 'EDUCATION.CHILDCARE'],
  ['我家楼上天天拖椅子，跟他们说了也没用', 'CIVIL.NEIGHBOUR'],
  ['居委会不给我开证明，说要街道盖章', 'CIVIL.COMMUNITY'],
  ['楼下工地每天晚上十一点多还在施工，噪音特别大，吵得根本睡不着', 'ENV.NOISE.NIGHT_CONSTRUCTION'],
  ['孩子明年九月上小学，想咨询一下入学要准备哪些材料', 'EDUCATION.ADMISSION'],
  ['厂里拖欠了我们二十多个人的工资，老板找不到人', 'LABOUR.WAGES'],
  ['楼下邻居在小区绿地上违章搭建了一间小屋', 'CITY.ILLEGAL_BUILDING'],
  ['超市卖的面包过期好几天了还在卖', 'MARKET.FOOD.PRODUCT'],
  ['家里卫生间漏水漏到楼下，物业说不归他们管', 'HOUSING.PROPERTY.REPAIR'],
];

describe('keyword classification (SPEC §7.3)', () => {
  describe('on the shipped category tree', () => {
    for (const [text, code] of complaints) {
      it(`when a citizen writes "${text}", then it is classified as ${code}`, () => {
        const result = shipped.classify(text);
        expect(result?.categoryCode, JSON.stringify(result)).to.equal(code);
      });
    }

    it('when a ticket is classified, then the matched words are recorded in order of appearance', () => {
      expect(shipped.classify('在虹桥火车站打车，出租车司机嫌路近拒载')).to.deep.equal({
        categoryCode: 'TRANSPORT.TAXI',
        matched: ['出租车', '出租车司机', '拒载'],
        score: 10,
      });
    });

    it('when the text names no known matter, then there is no category', () => {
      expect(shipped.classify('你好，我就是想说两句')).to.equal(null);
    });
  });


  describe('scoring', () => {
    const toy = createClassifier([
      { code: 'B.NOISE', keywords: ['施工', '噪音'] },
      { code: 'A.NIGHT', keywords: ['夜间施工'] },
      { code: 'C.KTV', keywords: ['KTV', '唱歌'] },
      { code: 'D.TWIN', keywords: ['唱歌'] },
    ]);

    it('when a longer keyword and a shorter one both match, then the longer, more specific one wins', () => {
      expect(toy.classify('夜间施工')?.categoryCode).to.equal('A.NIGHT');
    });

    it('when a leaf matches several keywords, then their lengths add up', () => {
      expect(toy.classify('夜间施工噪音太大')).to.deep.include({ categoryCode: 'B.NOISE', score: 4 });
    });

    it('when a keyword appears several times, then it counts once', () => {
      expect(toy.classify('施工施工施工施工')).to.deep.include({ categoryCode: 'B.NOISE', score: 2, matched: ['施工'] });
    });

    it('when scores tie, then the leaf with more distinct matches wins', () => {
      const tie = createClassifier([
        { code: 'A', keywords: ['停水通知'] },
        { code: 'B', keywords: ['停水', '通知'] },
      ]);
      expect(tie.classify('停水通知')?.categoryCode).to.equal('B');
    });

    it('when scores and match counts tie, then the smaller code wins whatever the input order', () => {
      expect(toy.classify('唱歌')?.categoryCode).to.equal('C.KTV');
      const reversed = createClassifier([
        { code: 'D.TWIN', keywords: ['唱歌'] },
        { code: 'C.KTV', keywords: ['唱歌'] },
      ]);
      expect(reversed.classify('唱歌')?.categoryCode).to.equal('C.KTV');
    });

    it('when the citizen writes latin letters in another case or full width, then they still match', () => {
      expect(toy.classify('楼下ktv')?.categoryCode).to.equal('C.KTV');
      expect(toy.classify('楼下ＫＴＶ')?.categoryCode).to.equal('C.KTV');
    });

    it('when the same classifier is used many times, then each call is independent and fast', () => {
      const text = '小区旁边的工地凌晨施工打桩，整栋楼都在震，'.repeat(10);
      const first = shipped.classify(text);
      const started = process.hrtime.bigint();
      for (let i = 0; i < 2000; i += 1) expect(shipped.classify(text)).to.deep.equal(first);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(ms, `${ms} ms for 2000 classifications`).to.be.below(2000);
    });
  });
});
