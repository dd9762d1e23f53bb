// Emergency screening (SPEC §7.1): what a citizen types or says that means police, fire brigade or
// ambulance now, and the look-alikes that must not raise a false alarm.
import { expect } from 'chai';
import { screenForEmergency, type EmergencyKind } from '../../src/modules/routing/emergency-screening.js';

const emergencies: ReadonlyArray<readonly [string, EmergencyKind]> = [
  ['救命啊，有人在撬我家门，我一个人在家好害怕', 'crime'],
  ['楼下便利店有人拿着刀在抢劫，快派警察来', 'crime'],
  ['我看到有个人正在偷电瓶车，就在小区车棚', 'crime'],
  ['地铁站门口有人持刀伤人，好多人在跑', 'crime'],
  ['小区门口两个人在打架，一个已经被打得头破血流了', 'violence'],
  ['我老公喝醉了正在打我，家暴正在发生，求求你们快来', 'violence'],
  ['隔壁单元五楼着火了，窗户里一直往外冒黑烟', 'fire'],
  ['我们厂房起火了，火越烧越大', 'fire'],
  ['楼道里电瓶车充电冒烟了，有很大的焦味', 'fire'],
  ['楼道里一股很浓的煤气味，敲门没人应', 'gas'],
  ['家里燃气管好像在漏气，嘶嘶响', 'gas'],
  ['公园门口有个老人晕倒了，叫他没反应', 'injury'],
  ['工地上有工人从架子上摔下来了，头上一直在流血', 'injury'],
  ['路口发生车祸，有人受伤躺在地上不能动', 'traffic_injury'],
  ['一辆电动车把一个小孩撞倒了，司机想跑', 'traffic_injury'],
  ['我刚被车撞了，腿动不了', 'traffic_injury'],
  ['小区配电箱旁边有人触电倒在地上', 'injury'],
];

/** Each names the exclusion or qualifier it exercises. */
const nonEmergencies: ReadonlyArray<readonly [string, string]> = [
  ['楼下火锅店油烟扰民，一到晚上整个楼道都是味道', '火锅'],
  ['火车站门口出租车拒载，还坐地起价', '火车'],
  ['最近上火想咨询一下医保能不能报中药', '上火'],
  ['超市买的火腿肠过期了', '火腿'],
  ['司机态度很差还对乘客发火', '发火'],
  ['这家网红店生意火爆，排队的人把人行道都占了', '火爆'],
  ['厨师说火候没掌握好菜都糊了，饭店还不给退钱', '火候'],
  ['买的打火机质量太差，用两次就坏了', '打火机 as a product complaint'],
  ['家里煤气灶打不着火，燃气公司说要排队', '打不着火 is a gas-supply complaint'],
  ['楼道消防通道被电瓶车堵死了，物业不管', '消防通道'],
  ['楼里堆了很多纸箱子，有火灾隐患', '火灾隐患'],
  ['家里的燃气泄漏报警器老是误报', 'a gas detector complaint'],
  ['上个月小区发生过火灾，现在想问一下赔偿怎么算', 'a past fire, asking about compensation'],
  ['去年在路上被车撞了受伤，保险公司到现在还没赔', 'a past accident'],
  ['上周小区里有人打架，派出所已经处理了', 'a resolved fight'],
  ['电瓶车上楼飞线充电，担心哪天会起火', 'a feared fire'],
  ['门口两辆车追尾，没有人受伤，就是把路堵了', 'an accident without injuries'],
  ['我上班受伤了，公司不给认定工伤', 'a work-injury claim'],
  ['我想咨询家暴受害人怎么申请人身安全保护令', 'a question about protection orders'],
  ['健身房老板卷着我们的救命钱跑路了', '救命钱'],
  ['打了好几次电话都要等半天，能不能直接打人工', '打人工'],
  ['天天被打电话推销贷款，太打扰生活了', '被打电话'],
  ['小区车位被抢了，物业也不管', '车位被抢'],
  ['商场门口喇叭一直喊跳楼价大甩卖，吵死了', '跳楼价'],
];

describe('emergency screening (SPEC §7.1)', () => {
  describe('when a citizen describes an emergency', () => {
    for (const [text, kind] of emergencies) {
      it(`"${text}" is flagged as ${kind}`, () => {
        const result = screenForEmergency(text);
        expect(result.emergency).to.equal(true);
        expect(result.kind).to.equal(kind);
        expect(result.matches).to.have.length.above(0);
      });
    }
  });

  describe('when the text only looks like an emergency', () => {
    for (const [text, why] of nonEmergencies) {
      it(`"${text}" is not flagged (${why})`, () => {
        expect(screenForEmergency(text)).to.deep.equal({ emergency: false, matches: [], kind: null });
      });
    }
  });

  describe('how the lexicon is applied', () => {
    it('when a past fire burns again right now, then the present marker wins over the past qualifier', () => {
      expect(screenForEmergency('上次着火的那栋楼刚刚又起火了').kind).to.equal('fire');
    });

    it('when a strong term comes with a past qualifier, then it still raises the alarm', () => {
      const result = screenForEmergency('从昨天开始楼道里就一直有煤气味');
      expect(result).to.deep.equal({ emergency: true, matches: ['煤气味'], kind: 'gas' });
    });

    it('when a feared fire actually broke out, then it is flagged (引起火灾 is not masked)', () => {
      expect(screenForEmergency('电瓶车充电引起火灾了，快来').emergency).to.equal(true);
    });

    it('when an exclusion sits next to a real emergency, then the emergency is still found', () => {
      const result = screenForEmergency('楼下火锅店着火了');
      expect(result.kind).to.equal('fire');
      expect(result.matches).to.deep.equal(['着火']);
    });

    it('when speech-to-text puts spaces between the characters, then the phrase is still found', () => {
      expect(screenForEmergency('着 火 了 ， 三 楼').kind).to.equal('fire');
    });

    it('when several kinds match, then the accident with casualties is named first', () => {
      const result = screenForEmergency('路口车祸，有人受伤在流血');
      expect(result.kind).to.equal('traffic_injury');
      expect(result.matches).to.include.members(['受伤', '流血']);
    });

    it('when a pattern matches, then the words it matched are recorded', () => {
      expect(screenForEmergency('有人在撬我家门').matches).to.include('在撬我家门');
    });

    it('when the text is empty, then nothing is flagged', () => {
      expect(screenForEmergency('').emergency).to.equal(false);
    });
  });
});
