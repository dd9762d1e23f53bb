/** What the simulator did, counted by Shanghai day as it did it: the truth the metrics must equal. */
export interface DayTruth {
  calls: number;
  answeredOnSpot: number;
  webAndApp: number;
  dispatched: number;
  resolved: number;
  replied: number;
  repliedOnTime: number;
  surveyAnswered: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  unreachable: number;
  returned: number;
  /** Returned tickets dispatched to another department (the simulator always picks another). */
  redispatched: number;
  transferred110: number;
  cancelled: number;
}

const zero = (): DayTruth => ({
  calls: 0,
  answeredOnSpot: 0,
  webAndApp: 0,
  dispatched: 0,
  resolved: 0,
  replied: 0,
  repliedOnTime: 0,
  surveyAnswered: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
  unreachable: 0,
  returned: 0,
  redispatched: 0,
  transferred110: 0,
  cancelled: 0,
});

export class Truth {
  private readonly days = new Map<string, DayTruth>();

  add(day: string, counts: Partial<DayTruth>): void {
    const d = this.days.get(day) ?? zero();
    for (const [k, v] of Object.entries(counts) as [keyof DayTruth, number][]) d[k] += v;
    this.days.set(day, d);
  }

  /** The sums over the days from..to (both included). */
  total(fromDay: string, toDay: string): DayTruth {
    const t = zero();
    for (const [day, d] of this.days) {
      if (day < fromDay || day > toDay) continue;
      for (const k of Object.keys(t) as (keyof DayTruth)[]) t[k] += d[k];
    }
    return t;
  }
}
