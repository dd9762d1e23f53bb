// Known answers checked against the State Council (国务院办公厅) holiday notices for 2016–2026.
import { expect } from 'chai';
import { WorkingCalendar, addDuration } from '../../src/modules/sla/working-calendar.js';
import { shanghaiDate, shanghaiTime } from '../../src/shared/shanghai-time.js';
import { riskMoment } from '../../src/modules/sla/sla-rules.js';

const at = shanghaiTime;
const calendar = new WorkingCalendar(new Map());

describe('working calendar (SPEC §6)', () => {
  describe('Shanghai time helpers', () => {
    it('when an instant is 16:30 UTC, then its Shanghai date is already the next day', () => {
      expect(shanghaiDate(new Date('2017-01-20T16:30:00Z'))).to.equal('2017-01-21');
    });

    it('when a Shanghai wall-clock time is given, then it maps to the instant eight hours earlier in UTC', () => {
      expect(at('2017-01-20', 15, 0).toISOString()).to.equal('2017-01-20T07:00:00.000Z');
      expect(at('2017-01-01', 3, 0).toISOString()).to.equal('2016-12-31T19:00:00.000Z');
    });

    it('when a date does not exist, then it is rejected', () => {
      expect(() => at('2017-02-30', 9, 0)).to.throw(RangeError);
      expect(() => calendar.isWorkingDay('2017-1-3')).to.throw(RangeError);
    });
  });

  describe('official calendar: holidays and make-up working days (调休)', () => {
    const cases: Array<[string, boolean, string]> = [
      ['2016-02-06', true, 'Saturday before the 2016 Spring Festival is a make-up working day'],
      ['2016-02-08', false, 'Monday 2016-02-08 is Spring Festival'],
      ['2016-02-14', true, 'Sunday after the 2016 Spring Festival is a make-up working day'],
      ['2016-06-12', true, 'Sunday after the 2016 Dragon Boat holiday is a make-up working day'],
      ['2017-01-22', true, 'Sunday 2017-01-22 is a make-up working day'],
      ['2017-02-02', false, 'Thursday 2017-02-02 is the last day of the 2017 Spring Festival'],
      ['2017-02-04', true, 'Saturday 2017-02-04 is a make-up working day'],
      ['2018-04-05', false, 'Thursday 2018-04-05 is Qingming'],
      ['2018-04-08', true, 'Sunday 2018-04-08 is the Qingming make-up working day'],
      ['2018-12-29', true, 'Saturday 2018-12-29 is the New Year make-up working day'],
      ['2019-04-28', true, 'Sunday 2019-04-28 is a Labour Day make-up working day'],
      ['2019-05-02', false, 'Thursday 2019-05-02 is in the four-day 2019 Labour Day holiday'],
      ['2019-05-05', true, 'Sunday 2019-05-05 is a Labour Day make-up working day'],
      ['2020-01-19', true, 'Sunday 2020-01-19 is a Spring Festival make-up working day'],
      ['2020-01-31', false, 'Friday 2020-01-31 is in the extended 2020 Spring Festival'],
      ['2020-02-01', false, 'Saturday 2020-02-01 stopped being a make-up day when the 2020 holiday was extended'],
      ['2021-06-14', false, 'Monday 2021-06-14 is Dragon Boat'],
      ['2021-09-18', true, 'Saturday 2021-09-18 is the Mid-Autumn make-up working day'],
      ['2021-09-21', false, 'Tuesday 2021-09-21 is Mid-Autumn'],
      ['2022-04-02', true, 'Saturday 2022-04-02 is the Qingming make-up working day'],
      ['2022-06-03', false, 'Friday 2022-06-03 is Dragon Boat'],
      ['2023-01-02', false, 'Monday 2023-01-02 is in the New Year holiday'],
      ['2023-04-23', true, 'Sunday 2023-04-23 is a Labour Day make-up working day'],
      ['2023-05-06', true, 'Saturday 2023-05-06 is a Labour Day make-up working day'],
      ['2023-10-06', false, 'Friday 2023-10-06 is in the combined Mid-Autumn / National Day holiday'],
      ['2024-02-04', true, 'Sunday 2024-02-04 is a Spring Festival make-up working day'],
      ['2024-02-09', true, 'Friday 2024-02-09 (New Year\'s Eve) is an ordinary working day'],
      ['2024-02-18', true, 'Sunday 2024-02-18 is a Spring Festival make-up working day'],
      ['2025-01-26', true, 'Sunday 2025-01-26 is a Spring Festival make-up working day'],
      ['2025-02-04', false, 'Tuesday 2025-02-04 is the last day of the 2025 Spring Festival'],
      ['2025-02-08', true, 'Saturday 2025-02-08 is a Spring Festival make-up working day'],
      ['2025-09-28', true, 'Sunday 2025-09-28 is a National Day make-up working day'],
      ['2025-10-08', false, 'Wednesday 2025-10-08 is the last day of the eight-day 2025 National Day holiday'],
      ['2025-10-11', true, 'Saturday 2025-10-11 is a National Day make-up working day'],
      ['2026-01-04', true, 'Sunday 2026-01-04 is the New Year make-up working day'],
      ['2026-02-23', false, 'Monday 2026-02-23 is the last day of the nine-day 2026 Spring Festival'],
      ['2026-02-28', true, 'Saturday 2026-02-28 is a Spring Festival make-up working day'],
      ['2026-05-05', false, 'Tuesday 2026-05-05 is in the Labour Day holiday'],
      ['2026-09-20', true, 'Sunday 2026-09-20 is a National Day make-up working day'],
      ['2026-10-10', true, 'Saturday 2026-10-10 is a National Day make-up working day'],
      ['2026-03-07', false, 'an ordinary Saturday is a day off'],
      ['2026-03-11', true, 'an ordinary Wednesday is a working day'],
    ];
    for (const [date, working, why] of cases) {
      it(`when asked about ${date}, then it is ${working ? 'a working day' : 'a day off'}: ${why}`, () => {
        expect(calendar.isWorkingDay(date)).to.equal(working);
      });
    }
  });

  describe('working-day clocks', () => {
    const days = (from: Date, n: number) => calendar.addWorkingDays(from, n);

    it('when a normal help ticket is dispatched on Friday 2017-01-20 15:00, then it is due on Thursday 2017-01-26 15:00, counting the make-up Sunday', () => {
      const due = addDuration(calendar, at('2017-01-20', 15, 0), { amount: 5, unit: 'working_days' });
      expect(due).to.deep.equal(at('2017-01-26', 15, 0));
    });

    it('when a report is dispatched on Friday 2017-01-20 15:00, then its 15 working days skip the Spring Festival and count Saturday 2017-02-04, ending Wednesday 2017-02-15 15:00', () => {
      expect(days(at('2017-01-20', 15, 0), 15)).to.deep.equal(at('2017-02-15', 15, 0));
    });

    it('when a report is dispatched on Friday 2025-09-26 10:00, then its 15 working days cross the eight-day National Day and end Thursday 2025-10-23 10:00', () => {
      expect(days(at('2025-09-26', 10, 0), 15)).to.deep.equal(at('2025-10-23', 10, 0));
    });

    it('when a ticket is dispatched on holiday 2017-10-03 10:00, then counting starts on the next working day and a 1-day clock ends Monday 2017-10-09 17:30', () => {
      expect(days(at('2017-10-03', 10, 0), 1)).to.deep.equal(at('2017-10-09', 17, 30));
      expect(days(at('2017-10-03', 10, 0), 5)).to.deep.equal(at('2017-10-13', 17, 30));
    });

    it('when a ticket is dispatched on an ordinary Sunday that is also the 2018 Dragon Boat holiday, then a 1-day clock ends Tuesday 2018-06-19 17:30', () => {
      expect(days(at('2018-06-17', 8, 0), 1)).to.deep.equal(at('2018-06-19', 17, 30));
    });

    it('when a 1-working-day accept clock starts on Friday afternoon 2024-03-15 16:20:30.5, then it ends Monday at the same clock time, seconds included', () => {
      const from = new Date(at('2024-03-15', 16, 20).getTime() + 30_500);
      expect(days(from, 1)).to.deep.equal(new Date(at('2024-03-18', 16, 20).getTime() + 30_500));
    });

    it('when a ticket is dispatched on make-up Saturday 2022-04-02 10:00, then it keeps its clock time and a 1-day clock ends after Qingming on Wednesday 2022-04-06 10:00', () => {
      expect(days(at('2022-04-02', 10, 0), 1)).to.deep.equal(at('2022-04-06', 10, 0));
    });

    it('when a return window of 2 working days opens on Thursday 2024-02-08 11:00, then it closes on make-up Sunday 2024-02-18 11:00 after the Spring Festival', () => {
      expect(days(at('2024-02-08', 11, 0), 2)).to.deep.equal(at('2024-02-18', 11, 0));
    });

    it('when a help ticket is dispatched on Monday 2020-01-20 09:00, then the extended 2020 Spring Festival (to 02-02) is skipped and it is due Tuesday 2020-02-04 09:00', () => {
      expect(days(at('2020-01-20', 9, 0), 5)).to.deep.equal(at('2020-02-04', 9, 0));
    });

    it('when a 1-day clock starts on Tuesday 2019-04-30 17:00, then it ends on make-up Sunday 2019-05-05 17:00', () => {
      expect(days(at('2019-04-30', 17, 0), 1)).to.deep.equal(at('2019-05-05', 17, 0));
    });

    it('when a help ticket is dispatched on Thursday 2016-02-04 10:00, then it counts both 2016 make-up weekend days and is due Tuesday 2016-02-16 10:00', () => {
      expect(days(at('2016-02-04', 10, 0), 5)).to.deep.equal(at('2016-02-16', 10, 0));
    });

    it('when a 1-day clock starts on Friday 2023-04-28 09:30, then the 2023 Labour Day holiday is skipped and it ends Thursday 2023-05-04 09:30', () => {
      expect(days(at('2023-04-28', 9, 30), 1)).to.deep.equal(at('2023-05-04', 9, 30));
    });

    it('when a 2-day clock starts on Friday 2018-12-28 12:00, then it counts make-up Saturday 2018-12-29, skips New Year and ends Wednesday 2019-01-02 12:00', () => {
      expect(days(at('2018-12-28', 12, 0), 2)).to.deep.equal(at('2019-01-02', 12, 0));
    });

    it('when a 1-day clock starts on Friday 2021-09-17 15:00, then it ends on make-up Saturday 2021-09-18 15:00', () => {
      expect(days(at('2021-09-17', 15, 0), 1)).to.deep.equal(at('2021-09-18', 15, 0));
    });

    it('when a help ticket is dispatched on Monday 2025-01-27 10:00, then the 2025 Spring Festival is skipped, Saturday 02-08 counts, and it is due Monday 2025-02-10 10:00', () => {
      expect(days(at('2025-01-27', 10, 0), 5)).to.deep.equal(at('2025-02-10', 10, 0));
    });

    it('when a help ticket is dispatched on Friday 2026-02-13 16:00, then it counts make-up Saturday 02-14, skips the nine-day 2026 Spring Festival and is due Friday 2026-02-27 16:00', () => {
      expect(days(at('2026-02-13', 16, 0), 5)).to.deep.equal(at('2026-02-27', 16, 0));
    });

    it('when a ticket is dispatched on National Day 2026-10-01 09:00, then a 1-day clock ends Thursday 2026-10-08 17:30', () => {
      expect(days(at('2026-10-01', 9, 0), 1)).to.deep.equal(at('2026-10-08', 17, 30));
    });

    it('when a working-day clock is asked for 0, a negative or a fractional number of days, then it throws RangeError', () => {
      expect(() => days(at('2017-01-20', 15, 0), 0)).to.throw(RangeError);
      expect(() => days(at('2017-01-20', 15, 0), -1)).to.throw(RangeError);
      expect(() => days(at('2017-01-20', 15, 0), 1.5)).to.throw(RangeError);
    });
  });

  describe('natural-time clocks', () => {
    it('when a critical ticket is dispatched at 23:50 on 2017-10-01, then it is due 2 natural hours later at 01:50 on 10-02', () => {
      const due = addDuration(calendar, at('2017-10-01', 23, 50), { amount: 2, unit: 'hours' });
      expect(due).to.deep.equal(at('2017-10-02', 1, 50));
    });

    it('when a critical 15-minute accept clock starts at 23:50 on 2024-12-31, then it ends at 00:05 on New Year\'s Day 2025', () => {
      const due = addDuration(calendar, at('2024-12-31', 23, 50), { amount: 15, unit: 'minutes' });
      expect(due).to.deep.equal(at('2025-01-01', 0, 5));
    });

    it('when an urgent 30-minute accept clock starts at 23:45 on Spring Festival 2019-02-04, then it ends at 00:15 on 02-05', () => {
      const due = addDuration(calendar, at('2019-02-04', 23, 45), { amount: 30, unit: 'minutes' });
      expect(due).to.deep.equal(at('2019-02-05', 0, 15));
    });

    it('when an urgent 24-hour reply clock starts before a weekend, then it still runs through the weekend', () => {
      const due = addDuration(calendar, at('2024-03-15', 18, 0), { amount: 24, unit: 'hours' });
      expect(due).to.deep.equal(at('2024-03-16', 18, 0));
    });
  });

  describe('admin overrides', () => {
    it('when an admin marks Tuesday 2026-03-10 as a day off, then a 1-day clock from Monday 09:00 shifts to Wednesday 2026-03-11 09:00', () => {
      const from = at('2026-03-09', 9, 0);
      expect(calendar.addWorkingDays(from, 1)).to.deep.equal(at('2026-03-10', 9, 0));
      const overridden = new WorkingCalendar(new Map([['2026-03-10', false]]));
      expect(overridden.addWorkingDays(from, 1)).to.deep.equal(at('2026-03-11', 9, 0));
    });

    it('when an admin marks Saturday 2026-03-14 as a working day, then a 1-day clock from Friday 14:00 is pulled in from Monday to that Saturday 14:00', () => {
      const from = at('2026-03-13', 14, 0);
      expect(calendar.addWorkingDays(from, 1)).to.deep.equal(at('2026-03-16', 14, 0));
      const overridden = new WorkingCalendar(new Map([['2026-03-14', true]]));
      expect(overridden.addWorkingDays(from, 1)).to.deep.equal(at('2026-03-14', 14, 0));
    });

    it('when an override key is not a YYYY-MM-DD date, then the calendar refuses it', () => {
      expect(() => new WorkingCalendar(new Map([['2027-1-4', true]]))).to.throw(RangeError);
    });
  });

  describe('years the package does not know yet', () => {
    it('when the date is in 2030, then the calendar falls back to Monday–Friday', () => {
      expect(calendar.isWorkingDay('2030-01-01')).to.equal(true); // Tuesday; no published holiday yet
      expect(calendar.isWorkingDay('2030-01-05')).to.equal(false); // Saturday
      expect(calendar.addWorkingDays(at('2030-02-01', 10, 0), 1)).to.deep.equal(at('2030-02-04', 10, 0));
    });

    it('when an admin publishes a 2030 holiday as an override, then the fallback yields to it', () => {
      const overridden = new WorkingCalendar(new Map([['2030-01-01', false]]));
      expect(overridden.addWorkingDays(at('2029-12-31', 10, 0), 1)).to.deep.equal(at('2030-01-02', 10, 0));
    });
  });

  describe('at-risk moment', () => {
    it('when a 2-hour clock starts at 15:00, then it is at risk at 16:36 (80%)', () => {
      expect(riskMoment(at('2017-01-20', 15, 0), at('2017-01-20', 17, 0))).to.deep.equal(at('2017-01-20', 16, 36));
    });

    it('when a help ticket runs from Friday 2017-01-20 15:00 to Thursday 01-26 15:00, then it is at risk after 80% of the natural 144 hours, on Wednesday 01-25 10:12', () => {
      expect(riskMoment(at('2017-01-20', 15, 0), at('2017-01-26', 15, 0))).to.deep.equal(at('2017-01-25', 10, 12));
    });

    it('when due is before start, then riskMoment throws RangeError', () => {
      expect(() => riskMoment(at('2017-01-20', 15, 0), at('2017-01-20', 14, 0))).to.throw(RangeError);
    });
  });
});
