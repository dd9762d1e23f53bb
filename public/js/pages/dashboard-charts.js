// The dashboard's charts, drawn with ECharts served from this server (/vendor/echarts).
import * as echarts from '/vendor/echarts/echarts.esm.min.js';
import { label, t } from '../i18n.js';

const COLORS = ['#1d4f91', '#2f8f5b', '#d98a00', '#b83232', '#6a4c9c', '#2b8c9e', '#7a7a7a'];
const charts = new Map();

function chart(id) {
  let c = charts.get(id);
  if (!c) {
    c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    charts.set(id, c);
  }
  return c;
}

addEventListener('resize', () => {
  for (const c of charts.values()) c.resize();
});

const grid = { left: 40, right: 12, top: 24, bottom: 28, containLabel: true };
const textStyle = { fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif' };

/** `counts`: 24 numbers, hour 0..23 in Shanghai time. */
export function drawHourly(counts) {
  const hours = counts.map((_, h) => `${String(h).padStart(2, '0')}:00`);
  chart('chart-hourly').setOption({
    textStyle,
    color: COLORS,
    grid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours, axisLabel: { interval: 2 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dashboard.intake'), type: 'bar', data: counts, barMaxWidth: 18, itemStyle: { borderRadius: [3, 3, 0, 0] } }],
    animation: false,
  });
}

/** Intake by channel (bars) beside intake by line. */
export function drawChannels(byChannel = {}, byLine = {}) {
  const channels = Object.keys(byChannel);
  const lines = Object.keys(byLine);
  chart('chart-channel').setOption(
    {
      textStyle,
      color: COLORS,
      grid: [
        { ...grid, left: 8, right: '54%' },
        { ...grid, left: '54%', right: 28 },
      ],
      tooltip: { trigger: 'item' },
      xAxis: [
        { type: 'value', gridIndex: 0, minInterval: 1, splitNumber: 3 },
        { type: 'value', gridIndex: 1, minInterval: 1, splitNumber: 2 },
      ],
      yAxis: [
        { type: 'category', gridIndex: 0, data: channels.map((c) => label('channel', c)), inverse: true },
        { type: 'category', gridIndex: 1, data: lines.map((l) => label('line', l)), inverse: true },
      ],
      series: [
        { name: t('ticket.channel'), type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: channels.map((c) => byChannel[c]), label: { show: true, position: 'right' }, barMaxWidth: 14 },
        { name: t('ticket.line'), type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: lines.map((l) => byLine[l]), label: { show: true, position: 'right' }, itemStyle: { color: COLORS[1] }, barMaxWidth: 14 },
      ],
      animation: false,
    },
    true,
  );
}

const STATUS_COLORS = { pending_dispatch: '#7a7a7a', dispatched: '#1d4f91', accepted: '#2b8c9e', returned: '#d98a00', replied: '#2f8f5b' };

export function drawStatuses(byStatus = {}, statuses) {
  chart('chart-status').setOption(
    {
      textStyle,
      grid,
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', data: statuses.map((s) => label('statusShort', s)), axisLabel: { interval: 0, width: 64, overflow: 'break', fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: statuses.map((s) => ({ value: byStatus[s] ?? 0, itemStyle: { color: STATUS_COLORS[s] } })), label: { show: true, position: 'top' }, barMaxWidth: 28 }],
      animation: false,
    },
    true,
  );
}
