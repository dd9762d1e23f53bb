// The words of the dashboard: Simplified Chinese and English, in vue-i18n's message format.
export default {
  "zh-CN": {
    "dashboard": {
      "pageTitle": "实时监控 · 12345",
      "title": "热线运行实时监控",
      "reportXlsx": "报表（Excel）",
      "downloadFailed": "下载失败：{message}",
      "filter": { "range": "自定义日期区间", "from": "开始日期", "to": "结束日期", "department": "承办单位（含下级）", "line": "热线", "channel": "渠道" },
      "window": {
        "label": "统计区间",
        "today": "今日",
        "month": "本月",
        "year": "本年"
      },
      "hourly": "今日分时受理量",
      "intake": "受理量",
      "byChannelLine": "受理渠道与热线",
      "byStatus": "在办工单状态",
      "league": "承办单位排行",
      "atRisk": "预警工单",
      "overdue": "超期工单",
      "noneAtRisk": "没有预警工单",
      "noneOverdue": "没有超期工单",
      "updated": "更新于 {at} · 区间 {from} 至 {to}",
      "kpis": "关键指标",
      "leaguePages": "承办单位排行分页",
      "total": "共 {n} 个",
      "shownOf": "已显示 {n} / 共 {total} 张",
      "more": "加载更多"
    },
    "kpi": {
      "intake": "受理总量",
      "intakeSub": "电话 {phone} · 网站/App {online}",
      "answeredOnSpot": "当场解答率",
      "count": "{n} 件",
      "dispatched": "派单量",
      "resolvedSub": "已解决 {n}",
      "open": "在办工单",
      "returnedSub": "退单 {n}",
      "onTime": "按时办结率",
      "repliedSub": "已回复 {n}",
      "satisfaction": "回访满意率",
      "surveyedSub": "已回访 {n}",
      "atRisk": "预警",
      "overdue": "超期",
      "now": "当前"
    },
    "league": {
      "rank": "#",
      "department": "单位",
      "dispatched": "派单",
      "open": "在办",
      "overdue": "超期",
      "onTime": "按时率",
      "satisfaction": "满意率",
      "redispatched": "改派",
      "redispatchedHelp": "改派：本单位退回、由派单员改派给其他单位的工单数（驳回退单派回本单位的不计）。",
      "ranking": "排名：{keys}；无可计算比率的单位排在后面，相同时按单位代码。",
      "rankKey": "{figure}（{formula}）{order}",
      "nextKey": "，相同时再按",
      "order": { "desc": "从高到低", "asc": "从低到高" },
      "figure": {
        "sla": { "onTimeRate": "按时办结率", "repliedOnTime": "按时办结数", "replied": "办结数" },
        "survey": { "satisfactionRate": "回访满意率", "satisfied": "满意", "basicallySatisfied": "基本满意", "answered": "回访接通数" }
      },
      "empty": "区间内暂无数据"
    },
    "overview": {
      "title": "当前列表概览",
      "total": "工单",
      "hint": "从左侧选择工单查看详情与办理过程；列表实时更新，倒计时按到期时间排序。"
    }
  },
  "en": {
    "dashboard": {
      "pageTitle": "Live dashboard · 12345",
      "title": "Hotline live dashboard",
      "reportXlsx": "Report (Excel)",
      "downloadFailed": "Download failed: {message}",
      "filter": { "range": "Custom range of days", "from": "From", "to": "To", "department": "Department (with sub-units)", "line": "Line", "channel": "Channel" },
      "window": {
        "label": "Window",
        "today": "Today",
        "month": "This month",
        "year": "This year"
      },
      "hourly": "Intake per hour, today",
      "intake": "Intake",
      "byChannelLine": "Intake by channel and line",
      "byStatus": "Open tickets by status",
      "league": "Department league table",
      "atRisk": "At risk",
      "overdue": "Overdue",
      "noneAtRisk": "Nothing at risk",
      "noneOverdue": "Nothing overdue",
      "updated": "Updated {at} · {from} to {to}",
      "kpis": "Key figures",
      "leaguePages": "League table pages",
      "total": "{n} in all",
      "shownOf": "Showing {n} of {total}",
      "more": "Show more"
    },
    "kpi": {
      "intake": "Intake",
      "intakeSub": "phone {phone} · web/app {online}",
      "answeredOnSpot": "Answered on the spot",
      "count": "{n}",
      "dispatched": "Dispatched",
      "resolvedSub": "resolved {n}",
      "open": "Open tickets",
      "returnedSub": "returned {n}",
      "onTime": "On-time rate",
      "repliedSub": "replied {n}",
      "satisfaction": "Satisfaction",
      "surveyedSub": "surveyed {n}",
      "atRisk": "At risk",
      "overdue": "Overdue",
      "now": "now"
    },
    "league": {
      "rank": "#",
      "department": "Department",
      "dispatched": "Dispatched",
      "open": "Open",
      "overdue": "Overdue",
      "onTime": "On time",
      "satisfaction": "Satisfied",
      "redispatched": "Re-disp.",
      "redispatchedHelp": "Re-dispatched: tickets the department returned that a dispatcher then sent to another department (a return rejected, sent back to it, does not count).",
      "ranking": "Ranked by {keys}; departments with no rate to compare come last, ties by department code.",
      "rankKey": "{figure} ({formula}), {order}",
      "nextKey": ", then by ",
      "order": { "desc": "highest first", "asc": "lowest first" },
      "figure": {
        "sla": { "onTimeRate": "on-time rate", "repliedOnTime": "replied on time", "replied": "replied" },
        "survey": { "satisfactionRate": "satisfaction rate", "satisfied": "satisfied", "basicallySatisfied": "basically satisfied", "answered": "surveys answered" }
      },
      "empty": "No data in this window"
    },
    "overview": {
      "title": "This list at a glance",
      "total": "tickets",
      "hint": "Choose a ticket on the left for its details and timeline; the list updates live, soonest due first."
    }
  }
} as const;
