// Words the staff pages share (navigation, tickets, actions, timeline, clocks): Simplified Chinese and English.
export default {
  "zh-CN": {
    "emergencyKind": {
      "crime": "治安刑事",
      "violence": "暴力伤害",
      "fire": "火警",
      "gas": "燃气泄漏",
      "injury": "人员受伤",
      "traffic_injury": "交通事故伤人"
    },
    "marker": {
      "emergency": "疑似紧急：{kind}",
      "pendingExtension": "延期待批",
      "reopened": "重办",
      "withdrawRequest": "撤单申请",
      "overdue": { "accept": "签收超期", "reply": "办结超期" }
    },
    "actionForm": {
      "optional": "（可选）",
      "departmentHint": "输入单位名称或代码",
      "noDepartment": "没有匹配的单位",
      "reached": "是否联系上市民",
      "contacted": "承办单位是否已联系市民",
      "resolved": "问题是否解决",
      "satisfaction": "满意度",
      "comment": "其他意见",
      "followUpKind": "来电类型"
    },
    "followUp": {
      "chase": "催办",
      "supplement": "补充",
      "withdraw_request": "撤单申请"
    },
    "notes": {
      "pendingExtension": "延期申请待审批：{n} 个工作日（{at} 提交）",
      "emergency": "疑似紧急警情（{kind}）：请转110，或确认不属于紧急警情并写明理由，之后才能派单。",
      "urged": "督办提醒（{at}）：",
      "returnReason": "{from}退单理由：",
      "duplicates": "疑似重复工单：",
      "mergeInto": "并入此单",
      "routingSuggestions": "智能分拨把握不足，建议类别（模型 {version}）：",
      "confidence": "置信度 {p}",
      "dispatchAs": "按此派单",
      "routingWords": "主要依据词：{words}",
      "withdrawRequest": "市民申请撤单（{at}），待决定：",
      "followUp": {
        "chase": "市民来电催办（{at}）：",
        "supplement": "市民来电补充情况（{at}）：",
        "withdraw_request": "市民来电申请撤单（{at}）："
      }
    },
    "overview": {
      "title": "当前列表概览",
      "total": "工单",
      "hint": "从左侧选择工单查看详情与办理过程；列表实时更新，倒计时按到期时间排序。",
      "slaScope": "预警、超期：您可查看范围内的全部在办工单，按办结时限计"
    },
    "duration": {
      "days": "{n}天",
      "daysHours": "{d}天{h}小时",
      "hours": "{n}小时",
      "hoursMinutes": "{h}小时{m}分",
      "minutesSeconds": "{m}分{s}秒",
      "seconds": "{n}秒"
    },
    "nav": {
      "operator": "话务受理",
      "dispatch": "派单",
      "workbench": "承办工作台",
      "dashboard": "实时监控",
      "queues": "督办队列",
      "admin": "系统管理",
      "label": "主导航"
    },
    "statusShort": {
      "pending_dispatch": "待派单",
      "dispatched": "待签收",
      "accepted": "办理中",
      "returned": "退单",
      "replied": "待回访"
    },
    "ticket": {
      "repliedAt": "已回复于",
      "distance": "相距约 {m} 米",
      "line": "热线",
      "channel": "渠道",
      "lineChannel": "热线 / 渠道",
      "type": "诉求类型",
      "urgency": "紧急程度",
      "category": "分类",
      "uncategorised": "未分类",
      "citizen": "市民",
      "citizenName": "市民姓名",
      "phone": "联系电话",
      "anonymous": "匿名",
      "anonymousAsk": "匿名",
      "consent": "同意回访",
      "noCallback": "不接受回访",
      "description": "诉求内容",
      "district": "区",
      "street": "街镇",
      "address": "详细地址",
      "titleOptional": "标题（可选）",
      "location": "地点",
      "department": "承办单位",
      "noDepartment": "尚未派单",
      "createdAt": "受理时间",
      "acceptDueAt": "签收时限",
      "acceptedAt": "已签收于",
      "replyDueAt": "办结时限",
      "externalRef": "外部编号",
      "answer": "当场答复",
      "timeline": "办理过程",
      "revealPhone": "查看完整号码",
      "revealConfirm": "查看",
      "revealReasonDefault": "联系市民核实情况",
      "revealLogged": "（已记录查看）",
      "replyResult": "办结回复"
    },
    "action": {
      "classify": "分类（待人工派单）",
      "create": "受理",
      "route": "自动派单",
      "dispatch": "派单",
      "redispatch": "改派",
      "rejectReturn": "驳回退单（派回原单位）",
      "accept": "签收",
      "return": "退单",
      "pass-down": "下派",
      "extension": "申请延期",
      "extension/decision": "延期审批",
      "approveExtension": "批准延期",
      "rejectExtension": "驳回延期",
      "reply": "办结回复",
      "survey": "回访",
      "reopen": "重办",
      "merge": "并案",
      "urge": "督办",
      "transfer-110": "转110",
      "not-emergency": "非紧急警情（继续派单）",
      "cancel": "撤销",
      "pool": "进入人工派单池",
      "follow-up": "来电补充",
      "dismiss-withdrawal": "驳回撤单申请",
      "survey-corrected": "更正回访结果",
      "attach-caller": "并入来电市民",
      "caller-joined": "同一问题来电市民并入",
      "follow-parent": "随主工单答复/办结",
      "recall": "收回",
      "reveal-phone": "查看完整号码",
      "delivery-failed": "对接推送失败",
      "delivery-retried": "重新推送",
      "delivery-acknowledged": "对方已确认收到",
      "delivery-alert": "未送达110，请电话联系"
    },
    "outcome": {
      "resolved": "已解决",
      "partly": "部分解决",
      "unresolved": "未解决",
      "explained": "已解释说明"
    },
    "actor": {
      "system": "系统",
      "citizen": "市民",
      "api_key": "合作方系统",
      "user": "用户 #{id}"
    },
    "actions": {
      "title": "操作",
      "submit": "确认{action}",
      "done": "{action}成功：工单 {no} 现为“{status}”",
      "none": "当前状态下您没有可执行的操作。",
      "forTicket": "工单 {no}"
    },
    "sla": {
      "accept": "签收",
      "reply": "办结",
      "remaining": "{what}剩余 {time}",
      "overBy": "{what}超期 {time}",
      "dueAt": "到期",
      "waiting": "已等待 {time}",
      "state": {
        "ok": "按时",
        "risk": "预警",
        "over": "超期"
      }
    },
    "timeline": {
      "workingDays": "{n} 个工作日",
      "approved": "已批准",
      "rejected": "已驳回",
      "notReached": "未接通（第 {n} 次）",
      "mergedInto": "并入 {no}",
      "returnRejected": "退单被驳回",
      "reopened": "不满意，退回重办",
      "escalated": "再次不满意，转督办",
      "unreachable": "3 次未接通，按联系不上结案",
      "corrected": "{from} → {to}",
      "actorWithRole": "{who}（{role}）"
    },
    "list": {
      "empty": "暂无工单",
      "choose": "请从左侧选择一张工单",
      "search": "搜索工单号或内容",
      "ticket": "工单",
      "clock": "时限",
      "loadMore": "加载更多",
      "shown": "已显示 {shown} 张，共 {total} 张"
    },
    "detail": {
      "changedMeanwhile": "此工单刚有新的变化；完成或取消当前操作后刷新即可看到。"
    },
    "category": {
      "none": "没有匹配的分类"
    },
    "surveyResult": {
      "satisfied": "满意",
      "basically_satisfied": "基本满意",
      "dissatisfied": "不满意",
      "unreachable": "未接通",
      "no_consent": "不接受回访",
      "withdrawn": "已撤回"
    },
    "surveys": {
      "title": "回访记录",
      "none": "此工单尚无回访。",
      "open": "待回访（已拨打 {n} 次）",
      "attachedCaller": "并入的来电市民",
      "ownCitizen": "本单市民",
      "escalated": "转督办",
      "correct": "更正回访结果",
      "result": "更正后的结果",
      "resolved": "问题是否解决（不填则保留原记录）",
      "reason": "更正理由",
      "reasonHint": "如：复核录音，市民表示满意，话务员误选",
      "done": "回访结果已更正：{from} → {to}"
    },
    "surveyOutcome": {
      "satisfied": "满意，已结案",
      "basically_satisfied": "基本满意，已结案",
      "dissatisfied": "不满意，已退回承办单位重办",
      "unreachable": "3 次未接通，按联系不上结案",
      "no_consent": "市民不接受回访",
      "withdrawn": "已撤回"
    }
  },
  "en": {
    "emergencyKind": {
      "crime": "crime",
      "violence": "violence",
      "fire": "fire",
      "gas": "gas leak",
      "injury": "injury",
      "traffic_injury": "traffic accident with injuries"
    },
    "marker": {
      "emergency": "Possible emergency: {kind}",
      "pendingExtension": "Extension to decide",
      "reopened": "Reopened",
      "withdrawRequest": "Withdrawal requested",
      "overdue": { "accept": "Accept overdue", "reply": "Reply overdue" }
    },
    "actionForm": {
      "optional": " (optional)",
      "departmentHint": "Type a department name or code",
      "noDepartment": "No matching department",
      "reached": "Citizen reached",
      "contacted": "Department contacted the citizen",
      "resolved": "Matter resolved",
      "satisfaction": "Satisfaction",
      "comment": "Other remarks",
      "followUpKind": "Kind of call"
    },
    "followUp": {
      "chase": "Chase",
      "supplement": "Supplement",
      "withdraw_request": "Withdrawal request"
    },
    "notes": {
      "pendingExtension": "Extension requested: {n} working days (at {at}).",
      "emergency": "Possible emergency ({kind}): transfer it to 110, or record with a reason that it is not one, before it can be dispatched.",
      "urged": "Urged by a supervisor ({at}):",
      "returnReason": "Returned by {from}:",
      "duplicates": "Possible duplicates:",
      "mergeInto": "Merge into this",
      "routingSuggestions": "Routing was not sure enough; suggested categories (model {version}):",
      "confidence": "confidence {p}",
      "dispatchAs": "Dispatch as this",
      "routingWords": "Words that weighed most: {words}",
      "withdrawRequest": "The citizen asked to withdraw the ticket ({at}); to decide:",
      "followUp": {
        "chase": "The citizen called to chase ({at}):",
        "supplement": "The citizen added facts ({at}):",
        "withdraw_request": "The citizen asked to withdraw ({at}):"
      }
    },
    "overview": {
      "title": "This list at a glance",
      "total": "tickets",
      "hint": "Choose a ticket on the left for its details and timeline; the list updates live, soonest due first.",
      "slaScope": "At risk and overdue: all open tickets you can see, by reply due time"
    },
    "duration": {
      "days": "{n}d",
      "daysHours": "{d}d {h}h",
      "hours": "{n}h",
      "hoursMinutes": "{h}h {m}m",
      "minutesSeconds": "{m}m {s}s",
      "seconds": "{n}s"
    },
    "nav": {
      "label": "Main",
      "operator": "Call intake",
      "dispatch": "Dispatch",
      "workbench": "Workbench",
      "dashboard": "Live dashboard",
      "queues": "Queues",
      "admin": "Administration"
    },
    "statusShort": {
      "pending_dispatch": "To dispatch",
      "dispatched": "To accept",
      "accepted": "In progress",
      "returned": "Returned",
      "replied": "To survey"
    },
    "ticket": {
      "repliedAt": "replied",
      "distance": "about {m} m away",
      "line": "Line",
      "channel": "Channel",
      "lineChannel": "Line / channel",
      "type": "Type",
      "urgency": "Urgency",
      "category": "Category",
      "uncategorised": "Uncategorised",
      "citizen": "Citizen",
      "citizenName": "Caller name",
      "phone": "Phone",
      "anonymous": "Anonymous",
      "anonymousAsk": "Anonymous",
      "consent": "Agrees to callback",
      "noCallback": "No callback",
      "description": "What the caller reports",
      "district": "District",
      "street": "Street / town",
      "address": "Address",
      "titleOptional": "Title (optional)",
      "location": "Location",
      "department": "Department",
      "noDepartment": "Not dispatched yet",
      "createdAt": "Received",
      "acceptDueAt": "Accept by",
      "acceptedAt": "accepted",
      "replyDueAt": "Reply by",
      "externalRef": "External ref.",
      "answer": "Answer given",
      "timeline": "Timeline",
      "revealPhone": "Show full number",
      "revealConfirm": "Show",
      "revealReasonDefault": "Calling the citizen about the matter",
      "revealLogged": "(logged)",
      "replyResult": "Reply"
    },
    "action": {
      "classify": "Classified (manual pool)",
      "create": "Created",
      "route": "Routed",
      "dispatch": "Dispatch",
      "redispatch": "Re-dispatch",
      "rejectReturn": "Reject return (send back)",
      "accept": "Accept",
      "return": "Return",
      "pass-down": "Pass down",
      "extension": "Request extension",
      "extension/decision": "Extension decision",
      "approveExtension": "Approve extension",
      "rejectExtension": "Reject extension",
      "reply": "Reply",
      "survey": "Callback",
      "reopen": "Reopen",
      "merge": "Merge",
      "urge": "Urge",
      "transfer-110": "Transfer to 110",
      "not-emergency": "Not an emergency (route on)",
      "cancel": "Cancel ticket",
      "pool": "Into the manual pool",
      "follow-up": "Follow-up call",
      "dismiss-withdrawal": "Dismiss withdrawal request",
      "survey-corrected": "Callback result corrected",
      "attach-caller": "Add caller",
      "caller-joined": "Another caller joined",
      "follow-parent": "Follows the parent ticket's reply/close",
      "recall": "Recall",
      "reveal-phone": "Show full number",
      "delivery-failed": "Partner delivery failed",
      "delivery-retried": "Delivery sent again",
      "delivery-acknowledged": "Partner acknowledged",
      "delivery-alert": "Not delivered to 110: phone them"
    },
    "outcome": {
      "resolved": "Resolved",
      "partly": "Partly resolved",
      "unresolved": "Unresolved",
      "explained": "Explained"
    },
    "actor": {
      "system": "System",
      "citizen": "Citizen",
      "api_key": "Partner system",
      "user": "User #{id}"
    },
    "actions": {
      "title": "Actions",
      "submit": "Confirm: {action}",
      "done": "{action} done: ticket {no} is now “{status}”",
      "none": "No actions available to you in this status.",
      "forTicket": "Ticket {no}"
    },
    "sla": {
      "accept": "Accept",
      "reply": "Reply",
      "remaining": "{what} in {time}",
      "overBy": "{what} overdue {time}",
      "dueAt": "due",
      "waiting": "waiting {time}",
      "state": {
        "ok": "On time",
        "risk": "At risk",
        "over": "Overdue"
      }
    },
    "timeline": {
      "workingDays": "{n} working days",
      "approved": "approved",
      "rejected": "rejected",
      "notReached": "not reached (call {n})",
      "mergedInto": "merged into {no}",
      "returnRejected": "return rejected",
      "reopened": "dissatisfied: back to the department",
      "escalated": "dissatisfied again: to a supervisor",
      "unreachable": "unreachable after 3 calls",
      "corrected": "{from} → {to}",
      "actorWithRole": "{who} ({role})"
    },
    "list": {
      "empty": "No tickets",
      "choose": "Choose a ticket on the left",
      "search": "Search number or text",
      "ticket": "Ticket",
      "clock": "Time limit",
      "loadMore": "Load more",
      "shown": "Showing {shown} of {total}"
    },
    "detail": {
      "changedMeanwhile": "This ticket has just changed; finish or cancel what you are doing, then refresh to see it."
    },
    "category": {
      "none": "No matching category"
    },
    "surveyResult": {
      "satisfied": "Satisfied",
      "basically_satisfied": "Basically satisfied",
      "dissatisfied": "Dissatisfied",
      "unreachable": "Not reached",
      "no_consent": "Declined callbacks",
      "withdrawn": "Withdrawn"
    },
    "surveys": {
      "title": "Callbacks",
      "none": "No callback for this ticket yet.",
      "open": "Waiting for the callback ({n} calls so far)",
      "attachedCaller": "Attached caller",
      "ownCitizen": "The ticket's citizen",
      "escalated": "Escalated",
      "correct": "Correct callback result",
      "result": "Corrected result",
      "resolved": "Matter resolved (leave empty to keep what was recorded)",
      "reason": "Reason for the correction",
      "reasonHint": "e.g. the recording shows the citizen was satisfied; wrong button",
      "done": "Callback result corrected: {from} → {to}"
    },
    "surveyOutcome": {
      "satisfied": "satisfied, closed",
      "basically_satisfied": "basically satisfied, closed",
      "dissatisfied": "dissatisfied, back to the department",
      "unreachable": "unreachable after 3 calls, closed",
      "no_consent": "declined callbacks",
      "withdrawn": "withdrawn"
    }
  }
} as const;
