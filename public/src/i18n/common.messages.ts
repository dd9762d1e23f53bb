// The words every page shares: Simplified Chinese and English, in vue-i18n's message format.
export default {
  "zh-CN": {
    "notFound": {
      "title": "页面不存在 · 12345",
      "heading": "找不到这个页面",
      "text": "地址 {path} 没有对应的页面，可能已经移动或输入有误。",
      "home": "返回首页",
      "citizen": "市民反映诉求"
    },
    "app": {
      "name": "上海 12345 市民服务热线"
    },
    "common": {
      "refresh": "刷新",
      "cancel": "取消",
      "loading": "正在加载…",
      "yes": "是",
      "no": "否"
    },
    "unit": {
      "days": "{n}天"
    },
    "shell": {
      "signOut": "退出",
      "wrongRole": "此页面不适用于您的角色",
      "wrongRoleText": "您以“{role}”身份登录，无法使用此页面。",
      "goToMyPage": "前往我的工作页面"
    },
    "live": {
      "on": "实时已连接",
      "reconnecting": "实时连接中断，正在重连…",
      "refused": "实时连接被拒绝，请重新登录",
      "unavailable": "实时推送不可用（每分钟自动刷新）"
    },
    "role": {
      "operator": "话务员",
      "dispatcher": "派单员",
      "handler": "承办人",
      "supervisor": "督办",
      "admin": "管理员"
    },
    "login": {
      "pageTitle": "登录 · 12345 市民服务热线",
      "subtitle": "工单系统 · 工作人员登录",
      "username": "用户名",
      "password": "密码",
      "submit": "登录",
      "welcome": "欢迎，{name}，正在进入…",
      "expired": "登录已过期，请重新登录。",
      "citizenLink": "市民在线反映诉求、查询办理进度 →"
    },
    "status": {
      "answered": "当场解答",
      "pending_dispatch": "待派单",
      "dispatched": "已派单待签收",
      "accepted": "办理中",
      "returned": "已退单",
      "replied": "已回复待回访",
      "closed": "已办结",
      "merged": "已并案",
      "transferred_110": "已转110",
      "cancelled": "已撤销"
    },
    "line": {
      "110": "110 非警务",
      "12345": "12345",
      "12369": "12369 环保"
    },
    "channel": {
      "phone": "电话",
      "web": "网站",
      "app": "App",
      "wechat": "微信",
      "email": "邮件",
      "transfer": "系统转入"
    },
    "type": {
      "consult": "咨询",
      "help": "求助",
      "complaint": "投诉",
      "report": "举报",
      "suggestion": "建议",
      "praise": "表扬"
    },
    "urgency": {
      "normal": "一般",
      "urgent": "紧急",
      "critical": "特急"
    },
    "resolved": {
      "resolved": "已解决",
      "partly": "部分解决",
      "not": "未解决"
    },
    "satisfaction": {
      "satisfied": "满意",
      "basically_satisfied": "基本满意",
      "dissatisfied": "不满意"
    },
    "field": {
      "reason": "理由",
      "note": "说明",
      "departmentCode": "承办单位",
      "subUnit": "下级单位",
      "workingDays": "延期工作日数",
      "outcome": "办理结果",
      "result": "答复内容",
      "parentId": "主工单号",
      "parentTicketNo": "并入的主工单号",
      "revealReason": "查看原因"
    },
    "error": {
      "unexpected": "出现意外错误",
      "fieldsToCheck": "有 {n} 处需要修改，请查看标红的栏目。",
      "NETWORK": "网络连接失败，请检查网络后重试（已填写的内容仍保留）。",
      "VALIDATION_FAILED": "请检查标出的字段",
      "INVALID_CREDENTIALS": "用户名或密码错误",
      "RATE_LIMITED": "操作过于频繁，请稍后再试",
      "INVALID_TRANSITION": "当前状态不允许此操作",
      "CONCURRENT_UPDATE": "该工单刚被他人修改，请刷新后重试",
      "ACTION_NOT_ALLOWED": "您的角色不能执行此操作",
      "RETURN_WINDOW_CLOSED": "已超过退单时限",
      "EXTENSION_PENDING": "已有延期申请待审批",
      "EXTENSION_LIMIT_EXCEEDED": "延期天数超过上限",
      "NO_PENDING_EXTENSION": "没有待审批的延期申请",
      "NO_WITHDRAW_REQUEST": "此工单没有待处理的撤单申请",
      "SURVEY_NOT_RECORDED": "此回访尚无记录的结果，无法更正",
      "INVALID_MERGE_TARGET": "主工单不能接受并案",
      "TICKET_NOT_FOUND": "找不到该工单",
      "IDEMPOTENCY_KEY_REUSED": "重复提交的内容不一致",
      "INVALID_TOKEN": "登录已失效",
      "FORBIDDEN": "没有权限",
      "SERVICE_UNAVAILABLE": "系统依赖暂不可用，未保存任何内容，请稍后重试",
      "NOT_HOLDING_DEPARTMENT": "只有当前承办单位可以执行此操作（上级单位可查看、督办）",
      "NO_SUB_UNITS": "本单位没有可下派的下级单位",
      "EXTENSION_LIMIT_REACHED": "延期天数已用完",
      "NO_PHONE": "市民没有留下电话号码",
      "NO_CALLBACK_CONSENT": "市民不同意回访，不能回访"
    },
    "validation": {
      "required": "此项必填",
      "phone": "请填写正确的电话号码（7–12 位数字）",
      "phone4": "请填写手机号码的后 4 位数字",
      "ticketNo": "工单号格式应为 20170320-000123",
      "tooLong": "内容过长",
      "district": "请选择上海市的区",
      "invalid": "此项填写有误"
    }
  },
  "en": {
    "notFound": {
      "title": "Page not found · 12345",
      "heading": "This page does not exist",
      "text": "There is no page at {path}; it may have moved, or the address has a typo.",
      "home": "Go to the start page",
      "citizen": "Report a matter as a citizen"
    },
    "app": {
      "name": "Shanghai 12345 Citizen Service Hotline"
    },
    "common": {
      "refresh": "Refresh",
      "cancel": "Cancel",
      "loading": "Loading…",
      "yes": "Yes",
      "no": "No"
    },
    "unit": {
      "days": "{n}d"
    },
    "shell": {
      "signOut": "Sign out",
      "wrongRole": "This page is not for your role",
      "wrongRoleText": "You are signed in as “{role}” and cannot use this page.",
      "goToMyPage": "Go to my page"
    },
    "live": {
      "on": "Live",
      "reconnecting": "Live connection lost, reconnecting…",
      "refused": "Live connection refused, please sign in again",
      "unavailable": "Live updates unavailable (refreshing every minute)"
    },
    "role": {
      "operator": "Operator",
      "dispatcher": "Dispatcher",
      "handler": "Handler",
      "supervisor": "Supervisor",
      "admin": "Administrator"
    },
    "login": {
      "pageTitle": "Sign in · 12345 Citizen Hotline",
      "subtitle": "Ticketing system · staff sign-in",
      "username": "Username",
      "password": "Password",
      "submit": "Sign in",
      "welcome": "Welcome, {name}…",
      "expired": "Your session expired. Please sign in again.",
      "citizenLink": "Citizens: report a matter or track a request →"
    },
    "status": {
      "answered": "Answered on the spot",
      "pending_dispatch": "Awaiting dispatch",
      "dispatched": "Dispatched",
      "accepted": "In progress",
      "returned": "Returned",
      "replied": "Replied, awaiting callback",
      "closed": "Closed",
      "merged": "Merged",
      "transferred_110": "Transferred to 110",
      "cancelled": "Cancelled"
    },
    "line": {
      "110": "110 non-emergency",
      "12345": "12345",
      "12369": "12369 environment"
    },
    "channel": {
      "phone": "Phone",
      "web": "Web",
      "app": "App",
      "wechat": "WeChat",
      "email": "Email",
      "transfer": "Handover"
    },
    "type": {
      "consult": "Enquiry",
      "help": "Help request",
      "complaint": "Complaint",
      "report": "Report",
      "suggestion": "Suggestion",
      "praise": "Praise"
    },
    "urgency": {
      "normal": "Normal",
      "urgent": "Urgent",
      "critical": "Critical"
    },
    "resolved": {
      "resolved": "Resolved",
      "partly": "Partly",
      "not": "Not resolved"
    },
    "satisfaction": {
      "satisfied": "Satisfied",
      "basically_satisfied": "Basically satisfied",
      "dissatisfied": "Dissatisfied"
    },
    "field": {
      "reason": "Reason",
      "note": "Note",
      "departmentCode": "Department",
      "subUnit": "Sub-unit",
      "workingDays": "Working days",
      "outcome": "Outcome",
      "result": "Reply",
      "parentId": "Parent ticket",
      "parentTicketNo": "Merge into ticket no.",
      "revealReason": "Reason"
    },
    "error": {
      "unexpected": "Unexpected error",
      "fieldsToCheck": "{n} field(s) need attention; see the marked fields.",
      "NETWORK": "Network error: check the connection and try again (what you typed is kept).",
      "VALIDATION_FAILED": "Please check the marked fields",
      "INVALID_CREDENTIALS": "Wrong username or password",
      "RATE_LIMITED": "Too many attempts, please wait a moment",
      "INVALID_TRANSITION": "Not allowed in the ticket’s current status",
      "CONCURRENT_UPDATE": "Someone else just changed this ticket; reload and retry",
      "ACTION_NOT_ALLOWED": "Your role cannot do this",
      "RETURN_WINDOW_CLOSED": "The return window has closed",
      "EXTENSION_PENDING": "An extension request is already waiting",
      "EXTENSION_LIMIT_EXCEEDED": "Too many extension days",
      "NO_PENDING_EXTENSION": "No extension request to decide",
      "NO_WITHDRAW_REQUEST": "No withdrawal request waits on this ticket",
      "SURVEY_NOT_RECORDED": "This callback has no recorded result to correct",
      "INVALID_MERGE_TARGET": "That ticket cannot take merges",
      "TICKET_NOT_FOUND": "No such ticket",
      "IDEMPOTENCY_KEY_REUSED": "A repeated submission did not match",
      "INVALID_TOKEN": "Session expired",
      "FORBIDDEN": "Not allowed",
      "SERVICE_UNAVAILABLE": "A dependency is down; nothing was saved, try again shortly",
      "NOT_HOLDING_DEPARTMENT": "Only the department holding this ticket can do this (a parent department reads and urges)",
      "NO_SUB_UNITS": "This department has no sub-units to pass the ticket down to",
      "EXTENSION_LIMIT_REACHED": "All extension days have been used",
      "NO_PHONE": "The citizen left no phone number",
      "NO_CALLBACK_CONSENT": "The citizen declined callbacks"
    },
    "validation": {
      "required": "Required",
      "phone": "Enter a phone number of 7 to 12 digits",
      "phone4": "Enter the last 4 digits of the phone number",
      "ticketNo": "A ticket number looks like 20170320-000123",
      "tooLong": "Too long",
      "district": "Choose a Shanghai district",
      "invalid": "This value is not valid"
    }
  }
} as const;
