// Words of the supervisors' queues page: Simplified Chinese and English.
export default {
  "zh-CN": {
    "queues": {
      "pageTitle": "督办队列",
      "title": "督办队列",
      "choose": "选择队列",
      "department": "单位",
      "allDepartments": "全部单位",
      "empty": "此队列暂无工单",
      "hint": "从左侧选择工单：查看时限与办理经过，做督办、审批延期等你有权限的操作。导出包含此队列的全部工单。",
      "exportCsv": "导出 CSV",
      "exportXlsx": "导出 Excel",
      "exportFailed": "导出失败：{message}",
      "kind": {
        "overdue": "超期（签收或办结）",
        "at-risk": "预警",
        "accept-overdue": "签收超期",
        "reply-overdue": "办结超期",
        "extensions": "延期待审批",
        "escalated": "二次不满意（升级）",
        "delivery-failed": "对接推送失败",
        "emergency": "疑似紧急警情",
        "pool-oldest": "派单池（等待最久）",
        "reopened": "重办工单",
        "withdraw-requests": "市民撤单申请",
        "department": "单位全部工单"
      }
    },
    "deliveries": {
      "title": "对接推送记录",
      "none": "此工单没有对接推送",
      "shown": "显示最近 {n} 条，共 {total} 条",
      "retry": "重新推送",
      "attempts": "已尝试 {n} 次",
      "deadAt": "{at} 放弃",
      "deliveredAt": "{at} 送达",
      "kind": { "emergency": "紧急警情（110）", "outcome": "办理结果（110）", "sms": "回访短信" },
      "status": { "pending": "排队推送中", "delivered": "已送达", "dead": "推送失败" },
      "result": {
        "queued": "已重新推送，等待对方确认",
        "delivered": "对方已确认收到",
        "dead": "仍未送达：{error}",
        "refused": "未能重新推送：{error}"
      }
    }
  },
  "en": {
    "queues": {
      "pageTitle": "Supervision queues",
      "title": "Supervision queues",
      "choose": "Queue",
      "department": "Department",
      "allDepartments": "All departments",
      "empty": "Nothing in this queue",
      "hint": "Pick a ticket on the left to see its clocks and history and to act on it (urge, decide an extension, whatever you may do). An export holds every ticket of this queue.",
      "exportCsv": "Export CSV",
      "exportXlsx": "Export Excel",
      "exportFailed": "Export failed: {message}",
      "kind": {
        "overdue": "Overdue (accept or reply)",
        "at-risk": "At risk",
        "accept-overdue": "Accept overdue",
        "reply-overdue": "Reply overdue",
        "extensions": "Extensions to decide",
        "escalated": "Escalated dissatisfaction",
        "delivery-failed": "Failed partner deliveries",
        "emergency": "Possible emergencies",
        "pool-oldest": "Pool, longest waiting",
        "reopened": "Reopened",
        "withdraw-requests": "Citizens' withdrawal requests",
        "department": "A department's tickets"
      }
    },
    "deliveries": {
      "title": "Messages to partners",
      "none": "No partner messages for this ticket",
      "shown": "The newest {n} of {total} shown",
      "retry": "Send again",
      "attempts": "{n} attempt(s)",
      "deadAt": "given up {at}",
      "deliveredAt": "delivered {at}",
      "kind": { "emergency": "Emergency (110)", "outcome": "Outcome (110)", "sms": "Survey SMS" },
      "status": { "pending": "Queued", "delivered": "Delivered", "dead": "Failed" },
      "result": {
        "queued": "Sent again: waiting for the partner to acknowledge",
        "delivered": "The partner acknowledged it",
        "dead": "Still not delivered: {error}",
        "refused": "Could not send again: {error}"
      }
    }
  }
} as const;
