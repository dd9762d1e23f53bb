// The words of the workbench: Simplified Chinese and English, in vue-i18n's message format.
export default {
  "zh-CN": {
    "workbench": {
      "pageTitle": "承办工作台 · 12345",
      "title": "我的工单",
      "titleSupervisor": "全市工单督办",
      "filter": {
        "label": "筛选",
        "todo": "待办",
        "open": "在办",
        "risk": "预警",
        "overdue": "超期",
        "replied": "已回复",
        "closed": "已办结"
      },
      "sorted": "按到期时间排序",
      "empty": "暂无工单",
      "pendingExtension": "延期申请待审批：{n} 个工作日（{at} 提交）",
      "urged": "督办提醒（{at}）：",
      "alert": {
        "atRisk": "工单 {no} 已进入预警",
        "overdue": "工单 {no} 已超期"
      }
    }
  },
  "en": {
    "workbench": {
      "pageTitle": "Workbench · 12345",
      "title": "My tickets",
      "titleSupervisor": "All departments",
      "filter": {
        "label": "Filter",
        "todo": "To do",
        "open": "Open",
        "risk": "At risk",
        "overdue": "Overdue",
        "replied": "Replied",
        "closed": "Closed"
      },
      "sorted": "sorted by due time",
      "empty": "No tickets",
      "pendingExtension": "Extension requested: {n} working days (at {at}).",
      "urged": "Urged by a supervisor ({at}):",
      "alert": {
        "atRisk": "Ticket {no} is now at risk",
        "overdue": "Ticket {no} is now overdue"
      }
    }
  }
} as const;
