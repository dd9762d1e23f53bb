import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { checkAttributeAnswers } from '../../src/modules/open311/attribute-answers';
import { districtForPosition } from '../../src/modules/open311/districts-geo';
import { renderXml } from '../../src/modules/open311/open311.format';
import { splitFormat } from '../../src/modules/open311/open311.schemas';
import { citizenName } from '../../src/modules/open311/open311.service';
import { composeDescription, splitDescription } from '../../src/modules/open311/request-extras';
import { attributesFor } from '../../src/modules/open311/service-attributes';

describe('Open311 building blocks', () => {
  describe('lat/long to district (nearest reference point, approximate)', () => {
    const cases: [string, number, number, string][] = [
      ['Xujiahui', 31.1955, 121.4365, '310104'],
      ["People's Square", 31.2304, 121.4737, '310101'],
      ['Jing’an Temple', 31.2235, 121.4456, '310106'],
      ['Lujiazui, across the river from the Bund', 31.2397, 121.4998, '310115'],
      ['Zhangjiang', 31.2035, 121.5905, '310115'],
      ['Wujiaochang', 31.2990, 121.5140, '310110'],
      ['Hongqiao airport', 31.1979, 121.3363, '310105'],
      ['Songjiang university town', 31.0470, 121.2220, '310117'],
      ['Chongming, Chengqiao', 31.6270, 121.3970, '310151'],
      ['Changxing island', 31.3950, 121.7100, '310151'],
      ['Jiading old town', 31.3830, 121.2500, '310114'],
      ['Zhujiajiao', 31.1090, 121.0560, '310118'],
    ];
    for (const [place, lat, lng, code] of cases) {
      it(`when a position is at ${place}, then the district is ${code}`, () => {
        expect(districtForPosition(lat, lng)).to.equal(code);
      });
    }

    it('when a position is outside Shanghai (Beijing, Hangzhou, Suzhou), then there is no district', () => {
      expect(districtForPosition(39.9042, 116.4074)).to.equal(null);
      expect(districtForPosition(30.2741, 120.1551)).to.equal(null);
      expect(districtForPosition(31.2990, 120.5853)).to.equal(null);
    });
  });

  describe('attribute answers', () => {
    const noise = attributesFor('ENV.NOISE.SOCIAL');

    it('when a noise request gives a known time of day, then the answer reads as the option name', () => {
      const { answers, problems } = checkAttributeAnswers(noise, { time_of_day: 'night' });
      expect(problems).to.deep.equal([]);
      expect(answers).to.deep.equal([{ code: 'time_of_day', label: '噪声时段', text: '夜间（22:00–次日06:00）' }]);
    });

    it('when a required attribute is missing, an option is unknown or a code is not defined, then each is named', () => {
      expect(checkAttributeAnswers(noise, {}).problems.map((p) => p.field)).to.deep.equal(['attribute[time_of_day]']);
      const { problems } = checkAttributeAnswers(noise, { time_of_day: 'noon', colour: 'red' });
      expect(problems.map((p) => p.field)).to.have.members(['attribute[time_of_day]', 'attribute[colour]']);
    });

    it('when a multivaluelist gets several values, then all are kept; a single-value field refuses several', () => {
      const bikes = checkAttributeAnswers(attributesFor('TRANSPORT.SHARED_BIKES'), { operators: ['meituan', 'didi'] });
      expect(bikes.answers[0].text).to.equal('美团单车、青桔单车');
      expect(checkAttributeAnswers(noise, { time_of_day: ['day', 'night'] }).problems[0].message).to.equal('takes a single value');
    });

    it('when numbers and datetimes are malformed, then they are refused; a good datetime reads in Shanghai time', () => {
      const light = checkAttributeAnswers(attributesFor('TRANSPORT.ROAD.STREETLIGHT'), { lights_out: 'three' });
      expect(light.problems[0].field).to.equal('attribute[lights_out]');
      const water = checkAttributeAnswers(attributesFor('UTILITIES.WATER_OUTAGE'), { scope: 'building', since: '2026-11-27T23:30:00Z' });
      expect(water.problems).to.deep.equal([]);
      expect(water.answers.find((a) => a.code === 'since')?.text).to.equal('2026-11-28T07:30:00+08:00');
      expect(checkAttributeAnswers(attributesFor('UTILITIES.WATER_OUTAGE'), { scope: 'building', since: 'yesterday' }).problems).to.have.length(1);
    });

    it('when a service defines no attributes, then any attribute sent is refused', () => {
      expect(attributesFor('OTHER.GENERAL')).to.deep.equal([]);
      expect(checkAttributeAnswers([], { x: '1' }).problems[0].field).to.equal('attribute[x]');
    });
  });

  describe('the description block of extras', () => {
    it('when answers, an address id and a media URL are added, then the citizen text and both fields read back', () => {
      const stored = composeDescription('路口每晚施工', {
        answers: [{ code: 'time_of_day', label: '噪声时段', text: '夜间' }],
        addressId: 'SH-000123',
        mediaUrl: 'https://example.org/p/1.jpg',
      });
      expect(stored).to.contain('噪声时段：夜间');
      expect(splitDescription(stored)).to.deep.equal({ text: '路口每晚施工', mediaUrl: 'https://example.org/p/1.jpg', addressId: 'SH-000123' });
    });

    it('when there is nothing extra, then the description is the citizen text unchanged', () => {
      expect(composeDescription('路灯不亮', { answers: [] })).to.equal('路灯不亮');
      expect(splitDescription('路灯不亮')).to.deep.equal({ text: '路灯不亮', mediaUrl: null, addressId: null });
    });
  });

  it('when a Chinese name is given as first and last name, then it reads family name first without a space', () => {
    expect(citizenName('三', '张')).to.equal('张三');
    expect(citizenName('John', 'Smith')).to.equal('John Smith');
    expect(citizenName(undefined, '王')).to.equal('王');
    expect(citizenName()).to.equal(undefined);
  });

  it('when a resource name has a format suffix, then only xml and json are formats', () => {
    expect(splitFormat('ENV.NOISE.SOCIAL.json')).to.deep.equal({ name: 'ENV.NOISE.SOCIAL', format: 'json' });
    expect(splitFormat('services.XML')).to.deep.equal({ name: 'services', format: 'xml' });
    expect(splitFormat('services.html').format).to.equal(null);
    expect(splitFormat('services').format).to.equal(null);
  });

  it('when a body is rendered as XML, then lists nest by the Spark convention and text that XML cannot carry is dropped', () => {
    const xml = renderXml('service_requests', [{ service_request_id: '1', description: 'a < b & \u0001c', account_id: null }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).to.equal(true);
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml);
    expect(parsed.service_requests.request).to.deep.equal({ service_request_id: '1', description: 'a < b & c', account_id: '' });
  });
});
