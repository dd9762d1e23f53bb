// The dashboard's three charts as ECharts options, built from the figures and the current words (so
// a change of language redraws them). Only what these charts use is registered: bars, grid, tooltip,
// drawn as SVG, whose text is in the page (searchable, readable by tests, sharp when zoomed).
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { i18n, label } from '../../i18n';

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const t = (key: string) => i18n.global.t(key);
/** Bar colours hold 3:1 against white (WCAG non-text contrast); value labels are dark text. */
const BLUE = '#1d4f91';
const GREEN = '#2a7d50';
const TEXT = '#1f2933';
const STATUS_COLOURS: Record<string, string> = { pending_dispatch: '#6b6b6b', dispatched: BLUE, accepted: '#247585', returned: '#a86400', replied: GREEN };
const textStyle = { fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif' };
const valueLabel = (position: 'right' | 'top') => ({ show: true, position, color: TEXT, fontSize: 11 });

/** `counts`: hour 0..23 in Shanghai; null for hours still to come. */
export function hourlyOption(counts: (number | null)[]): ChartOption {
  return {
    textStyle,
    grid: { left: 8, right: 12, top: 16, bottom: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: counts.map((_, h) => `${String(h).padStart(2, '0')}:00`), axisLabel: { interval: 2 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dashboard.intake'), type: 'bar', data: counts.map((n) => n ?? '-'), barMaxWidth: 18, itemStyle: { color: BLUE, borderRadius: [3, 3, 0, 0] } }],
    animation: false,
  };
}

/** Intake by channel (left) beside intake by line (right), in the order the server lists them. */
export function channelLineOption(byChannel: Record<string, number>, byLine: Record<string, number>): ChartOption {
  const channels = Object.keys(byChannel);
  const lines = Object.keys(byLine);
  return {
    textStyle,
    // Each grid keeps its own axis labels inside its half, so the line names never run into the channels.
    grid: [
      { left: 4, right: '58%', top: 8, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      { left: '44%', right: 30, top: 8, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    ],
    tooltip: { trigger: 'item' },
    xAxis: [
      { type: 'value', gridIndex: 0, minInterval: 1, splitNumber: 2, axisLabel: { show: false } },
      { type: 'value', gridIndex: 1, minInterval: 1, splitNumber: 2, axisLabel: { show: false } },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: channels.map((c) => label('channel', c)), inverse: true },
      // A long line name ("110 non-emergency") wraps rather than squeezing its bar.
      { type: 'category', gridIndex: 1, data: lines.map((l) => label('line', l)), inverse: true, axisLabel: { width: 96, overflow: 'break' } },
    ],
    series: [
      { name: t('ticket.channel'), type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: channels.map((c) => byChannel[c]), label: valueLabel('right'), itemStyle: { color: BLUE }, barMaxWidth: 14 },
      { name: t('ticket.line'), type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: lines.map((l) => byLine[l]), label: valueLabel('right'), itemStyle: { color: GREEN }, barMaxWidth: 14 },
    ],
    animation: false,
  };
}

/**
 * Open tickets in each status. `statuses` are the ones a ticket is worked in: those the staff words
 * give a short name (statusShort.*); the server counts the same ones as `tickets.open`.
 */
export function statusOption(byStatus: Record<string, number>, statuses: string[]): ChartOption {
  return {
    textStyle,
    grid: { left: 8, right: 8, top: 20, bottom: 4 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', data: statuses.map((s) => label('statusShort', s)), axisLabel: { interval: 0, width: 64, overflow: 'break', fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('dashboard.byStatus'),
        type: 'bar',
        data: statuses.map((s) => ({ value: byStatus[s] ?? 0, itemStyle: { color: STATUS_COLOURS[s] ?? BLUE } })),
        label: valueLabel('top'),
        barMaxWidth: 28,
      },
    ],
    animation: false,
  };
}

/** The statuses a ticket is worked in, in the order the words list them. */
export function workedStatuses(): string[] {
  const words = i18n.global.getLocaleMessage('zh-CN') as Record<string, unknown>;
  return Object.keys((words.statusShort as Record<string, string> | undefined) ?? {});
}
