// The trend by day as an ECharts option: intake and dispatched as bars (counts, left axis), replied
// on time and satisfaction as lines (percent, right axis). A day with nothing to rate has a gap in
// its line, not a 0%.
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { i18n } from '../../i18n';
import type { DayPoint } from './trend';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type TrendOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const t = (key: string) => i18n.global.t(key);
const textStyle = { fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif' };
// Colours hold 3:1 against white (WCAG non-text contrast).
const COLOURS = { intake: '#1d4f91', dispatched: '#6b8fc4', onTime: '#2a7d50', satisfaction: '#a86400' };
/** Value labels on the bars while they can be read: about a month of days. */
const LABELLED_DAYS = 31;

const percent = (rate: number | null) => (rate === null ? '-' : Math.round(rate * 1000) / 10);

export function trendOption(days: DayPoint[]): TrendOption {
  const labelled = days.length <= LABELLED_DAYS;
  const bar = (key: 'intake' | 'dispatched'): BarSeriesOption => ({
    name: t(`trend.${key}`),
    type: 'bar',
    data: days.map((d) => d[key]),
    itemStyle: { color: COLOURS[key] },
    barMaxWidth: 16,
    label: { show: labelled, position: 'top', color: '#1f2933', fontSize: 10 },
  });
  const line = (key: 'onTime' | 'satisfaction', rates: (number | null)[]): LineSeriesOption => ({
    name: t(`trend.${key}`),
    type: 'line',
    yAxisIndex: 1,
    data: rates.map(percent),
    itemStyle: { color: COLOURS[key] },
    lineStyle: { color: COLOURS[key] },
    connectNulls: false,
    showSymbol: days.length <= LABELLED_DAYS,
  });
  return {
    textStyle,
    legend: { top: 0, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 8, top: 28, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [bar('intake'), bar('dispatched'), line('onTime', days.map((d) => d.onTimeRate)), line('satisfaction', days.map((d) => d.satisfactionRate))],
    animation: false,
  };
}
