// The words of the workbench: Simplified Chinese and English, in vue-i18n's message format.
// (The words of a ticket, its notes and its actions are the staff words: i18n/staff.messages.ts.)
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
        "closed": "已办结",
        "all": "全部"
      },
      "sorted": "按到期时间排序",
      "empty": "暂无工单",
      "alert": {
        "atRisk": "工单 {no} 已进入预警",
        "overdue": "工单 {no} 已超期",
        "followUp": {
          "chase": "市民来电催办：工单 {no}",
          "supplement": "市民来电补充情况：工单 {no}",
          "withdraw_request": "市民来电申请撤单：工单 {no}"
        }
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
        "closed": "Closed",
        "all": "All"
      },
      "sorted": "sorted by due time",
      "empty": "No tickets",
      "alert": {
        "atRisk": "Ticket {no} is now at risk",
        "overdue": "Ticket {no} is now overdue",
        "followUp": {
          "chase": "The citizen called to chase ticket {no}",
          "supplement": "The citizen called with more facts on ticket {no}",
          "withdraw_request": "The citizen called asking to withdraw ticket {no}"
        }
      }
    }
  }
} as const;
