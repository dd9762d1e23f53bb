// The words of the dispatcher's page: Simplified Chinese and English, in vue-i18n's message format.
// (The words of a ticket, its notes and its actions are the staff words: i18n/staff.messages.ts.)
export default {
  "zh-CN": {
    "dispatch": {
      "overviewHint": "从左侧选择工单：派单、改派、驳回退单、并案或转110；市民的撤单申请在“撤单申请”中处理。新进入派单池的工单会实时出现。",
      "withdrawRequests": "撤单申请",
      "withdrawEmpty": "没有待处理的撤单申请。",
      "withdrawAlert": "市民来电申请撤单：工单 {no}",
      "withdrawOpen": "查看并处理",
      "pageTitle": "派单 · 12345",
      "title": "人工派单池",
      "pending": "待派单",
      "returned": "退单待处理",
      "poolEmpty": "派单池为空：所有工单均已自动派出。",
      "returnedEmpty": "没有待处理的退单。"
    }
  },
  "en": {
    "dispatch": {
      "overviewHint": "Choose a ticket on the left to dispatch, re-dispatch, reject a return, merge or transfer to 110; citizens' withdrawal requests are under Withdrawal requests. New pool tickets appear live.",
      "withdrawRequests": "Withdrawal requests",
      "withdrawEmpty": "No withdrawal request waiting.",
      "withdrawAlert": "A citizen called to withdraw ticket {no}",
      "withdrawOpen": "Open and decide",
      "pageTitle": "Dispatch · 12345",
      "title": "Manual dispatch pool",
      "pending": "Awaiting dispatch",
      "returned": "Returned tickets",
      "poolEmpty": "The pool is empty: routing placed everything.",
      "returnedEmpty": "No returned tickets."
    }
  }
} as const;
