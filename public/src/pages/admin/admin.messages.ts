// The words of the admin console: Simplified Chinese and English, in vue-i18n's message format.
export default {
  "zh-CN": {
    "admin": {
      "pageTitle": "系统管理 · 12345",
      "title": "系统管理",
      "tabs": { "users": "用户", "api-keys": "接口密钥", "departments": "部门", "categories": "分类与关键词", "kb": "知识库", "routing-rules": "派单规则", "sla-policies": "办理时限", "calendar": "工作日历", "partners": "对接平台", "deliveries": "外发消息", "audit": "审计日志", "queues": "队列看板" },
      "search": "搜索", "all": "全部", "create": "新建", "edit": "编辑", "save": "保存", "cancel": "取消", "saved": "已保存",
      "total": "共 {n} 条", "actions": "操作", "active": "在用", "inactive": "已停用", "status": "状态", "yes": "是", "no": "否",
      "users": {
        "username": "用户名", "displayName": "姓名", "role": "角色", "department": "部门", "password": "密码", "newPassword": "新密码（留空不改）",
        "passwordHint": "至少10位，不能是常见密码，不能包含用户名", "active": "启用账号", "new": "新建用户", "editTitle": "编辑用户 {name}",
        "sessionsEnd": "修改角色、部门、密码或停用后，该用户的登录会立即失效。", "created": "已创建用户 {name}"
      },
      "keys": {
        "name": "名称", "prefix": "密钥前缀", "channels": "渠道", "lines": "线路", "lastUsed": "最近使用", "createdAt": "创建时间", "revokedAt": "吊销时间",
        "new": "新建密钥", "rotate": "轮换", "revoke": "吊销", "revokeConfirm": "吊销后该密钥立即失效，确定？", "overlap": "旧密钥继续有效（小时）",
        "secretOnce": "请立即复制并交给对接方：此密钥只显示这一次。", "previousUntil": "旧密钥有效至 {at}", "includeRevoked": "含已吊销", "never": "从未"
      },
      "departments": {
        "code": "编码", "name": "名称", "nameEn": "英文名称", "kind": "类型", "parent": "上级部门", "users": "在岗用户", "openTickets": "在办工单",
        "new": "新建部门", "retireHint": "部门有在办工单、在岗用户或在用下级时不能停用：先改派工单、调整用户。", "none": "（无上级）",
        "kinds": { "centre": "热线中心", "bureau": "市级部门", "district": "区政府", "district_bureau": "区级部门", "street": "街镇", "external": "外部平台" }
      },
      "categories": {
        "code": "编码", "name": "名称", "nameEn": "英文名称", "parent": "上级分类", "keywords": "关键词", "keywordsHint": "输入关键词后回车添加",
        "defaultDepartment": "默认承办部门", "districtFunction": "区级职能", "new": "新建分类", "none": "无",
        "functions": { "ENV": "区生态环境局", "CITY": "区城管执法局", "HOUSING": "区房管局" }
      },
      "kb": {
        "slug": "标识", "title": "标题", "body": "正文", "keywords": "关键词", "category": "分类编码", "updatedAt": "更新时间", "updatedBy": "更新人",
        "retired": "已下线", "retire": "下线", "restore": "恢复", "new": "新建文章", "showRetired": "显示已下线"
      },
      "audit": {
        "time": "时间", "action": "操作", "actor": "操作人", "target": "对象", "detail": "详情", "targetType": "对象类型", "from": "开始", "to": "结束", "system": "系统"
      },
      "rules": {
        "position": "顺序", "name": "名称", "line": "线路", "channel": "渠道", "categoryPrefix": "分类（含下级）", "district": "区", "keywords": "关键词", "department": "承办部门",
        "fallback": "备选部门", "any": "任意", "new": "新建规则", "remove": "删除", "removeConfirm": "删除这条规则？之后的工单不再按它派单。", "removed": "已删除",
        "order": "按顺序匹配，第一条符合的规则决定承办部门；承办部门可写 {'{district}'}-CITY 这样的模板。", "departmentHint": "部门编码，如 310104-ENV"
      },
      "sla": {
        "name": "名称", "type": "诉求类型", "urgency": "紧急程度", "category": "分类编码", "accept": "签收时限", "reply": "答复时限", "amount": "数量", "unit": "单位",
        "returnWindow": "退单期限（工作日）", "maxExtension": "延期上限（工作日）", "new": "新建时限", "deactivate": "停用", "deactivateConfirm": "停用这条时限？已派发的工单保留原时限。",
        "any": "任意", "appliesFrom": "修改只影响此后派发的工单，已派发的保留原时限。",
        "units": { "minutes": "分钟", "hours": "小时", "working_days": "工作日" }
      },
      "calendar": {
        "year": "年份", "daysOff": "工作日休息（节假日）", "makeUp": "周末上班（调休）", "overrides": "本中心的调整", "date": "日期", "kind": "这一天", "note": "说明",
        "dayOff": "休息", "workingDay": "上班", "official": "国务院安排", "override": "本中心调整", "new": "新增调整", "remove": "恢复国务院安排",
        "removeConfirm": "删除这项调整？这一天恢复按国务院的安排。", "notPublished": "该年的国务院节假日安排尚未收录：请在此录入该年的节假日和调休上班日。",
        "appliesFrom": "调整只影响此后派发的工单的时限。", "none": "无"
      },
      "partners": {
        "name": "名称", "url": "接收地址", "secret": "签名密钥", "secretKeep": "留空则保留原密钥（密钥从不显示）", "secretNew": "至少16位，对方用它校验签名",
        "updatedAt": "更新时间", "new": "新增对接平台", "nameHint": "110 或 sms（短信网关）等", "active": "启用"
      },
      "deliveries": {
        "id": "编号", "partner": "对接平台", "ticket": "工单", "kind": "内容", "status": "状态", "attempts": "尝试次数", "lastError": "最近错误", "createdAt": "创建时间",
        "deadAt": "放弃时间", "retry": "重新发送", "retried": "已重新排队发送", "partnerFilter": "对接平台名称",
        "kinds": { "emergency": "紧急转110", "outcome": "110办理结果", "sms": "短信" },
        "statuses": { "pending": "发送中", "delivered": "已送达", "dead": "发送失败" }
      }
    },
    "error": {
      "USERNAME_TAKEN": "用户名已被使用。", "LAST_ADMIN": "这是最后一个在用的管理员：请先设立另一个管理员。", "DUPLICATE_NAME": "名称已存在。",
      "DUPLICATE_CODE": "编码已存在。", "DUPLICATE_SLUG": "标识已存在。", "DEPARTMENT_IN_USE": "该部门仍有在办工单、在岗用户或在用下级，不能停用。", "API_KEY_REVOKED": "密钥已吊销。",
      "DUPLICATE_MATCH": "已有一条在用的时限覆盖同样的诉求类型、紧急程度和分类：请修改那一条。", "DELIVERY_NOT_DEAD": "只有发送失败的消息可以重新发送。",
      "RULE_NOT_FOUND": "该规则已不存在。", "POLICY_NOT_FOUND": "该时限已不存在。", "OVERRIDE_NOT_FOUND": "该调整已不存在。", "DELIVERY_NOT_FOUND": "该消息已不存在。"
    },
    "validation": { "password_too_short": "密码至少10位", "common_password": "这是最常见的密码之一，请换一个", "contains_username": "密码不能包含用户名", "demo_password": "生产环境不能使用演示密码" }
  },
  "en": {
    "admin": {
      "pageTitle": "Administration · 12345",
      "title": "Administration",
      "tabs": { "users": "Users", "api-keys": "API keys", "departments": "Departments", "categories": "Categories & keywords", "kb": "Knowledge base", "routing-rules": "Routing rules", "sla-policies": "Time limits", "calendar": "Working calendar", "partners": "Partners", "deliveries": "Deliveries", "audit": "Audit log", "queues": "Queue board" },
      "search": "Search", "all": "All", "create": "New", "edit": "Edit", "save": "Save", "cancel": "Cancel", "saved": "Saved",
      "total": "{n} in all", "actions": "Actions", "active": "Active", "inactive": "Inactive", "status": "Status", "yes": "Yes", "no": "No",
      "users": {
        "username": "Username", "displayName": "Name", "role": "Role", "department": "Department", "password": "Password", "newPassword": "New password (blank: unchanged)",
        "passwordHint": "At least 10 characters, not a common password, not containing the username", "active": "Account active", "new": "New user", "editTitle": "Edit user {name}",
        "sessionsEnd": "A new role, department or password, or deactivation, signs the user out at once.", "created": "Created user {name}"
      },
      "keys": {
        "name": "Name", "prefix": "Key prefix", "channels": "Channels", "lines": "Lines", "lastUsed": "Last used", "createdAt": "Created", "revokedAt": "Revoked",
        "new": "New key", "rotate": "Rotate", "revoke": "Revoke", "revokeConfirm": "The key stops working at once. Revoke it?", "overlap": "Old key keeps working (hours)",
        "secretOnce": "Copy this now and give it to the partner: the key is shown this once only.", "previousUntil": "Old key works until {at}", "includeRevoked": "Include revoked", "never": "Never"
      },
      "departments": {
        "code": "Code", "name": "Name", "nameEn": "English name", "kind": "Kind", "parent": "Parent", "users": "Active users", "openTickets": "Open tickets",
        "new": "New department", "retireHint": "A department holding open tickets, active users or active sub-units cannot be retired: re-dispatch and move them first.", "none": "(top level)",
        "kinds": { "centre": "Hotline centre", "bureau": "Municipal bureau", "district": "District", "district_bureau": "District bureau", "street": "Street / town", "external": "External platform" }
      },
      "categories": {
        "code": "Code", "name": "Name", "nameEn": "English name", "parent": "Parent", "keywords": "Keywords", "keywordsHint": "Type a keyword and press Enter",
        "defaultDepartment": "Default department", "districtFunction": "District function", "new": "New category", "none": "None",
        "functions": { "ENV": "District environment bureau", "CITY": "District city management", "HOUSING": "District housing office" }
      },
      "kb": {
        "slug": "Slug", "title": "Title", "body": "Text", "keywords": "Keywords", "category": "Category code", "updatedAt": "Updated", "updatedBy": "Updated by",
        "retired": "Retired", "retire": "Retire", "restore": "Restore", "new": "New article", "showRetired": "Show retired"
      },
      "audit": {
        "time": "Time", "action": "Action", "actor": "By", "target": "Target", "detail": "Detail", "targetType": "Target type", "from": "From", "to": "To", "system": "System"
      },
      "rules": {
        "position": "Order", "name": "Name", "line": "Line", "channel": "Channel", "categoryPrefix": "Category (and below)", "district": "District", "keywords": "Keywords", "department": "Department",
        "fallback": "Fallback", "any": "Any", "new": "New rule", "remove": "Delete", "removeConfirm": "Delete this rule? Later tickets are no longer routed by it.", "removed": "Deleted",
        "order": "Rules are tried in order; the first that matches names the department, which may be a template such as {'{district}'}-CITY.", "departmentHint": "Department code, e.g. 310104-ENV"
      },
      "sla": {
        "name": "Name", "type": "Type", "urgency": "Urgency", "category": "Category code", "accept": "Accept within", "reply": "Reply within", "amount": "Amount", "unit": "Unit",
        "returnWindow": "Return window (working days)", "maxExtension": "Longest extension (working days)", "new": "New time limit", "deactivate": "Deactivate", "deactivateConfirm": "Deactivate this time limit? Tickets already dispatched keep their due times.",
        "any": "Any", "appliesFrom": "A change applies to tickets dispatched from now on; those already dispatched keep their due times.",
        "units": { "minutes": "minutes", "hours": "hours", "working_days": "working days" }
      },
      "calendar": {
        "year": "Year", "daysOff": "Weekdays off (holidays)", "makeUp": "Weekend working days (make-up)", "overrides": "This centre's changes", "date": "Date", "kind": "The day is", "note": "Note",
        "dayOff": "Day off", "workingDay": "Working day", "official": "State Council", "override": "Centre's change", "new": "New change", "remove": "Back to the official calendar",
        "removeConfirm": "Delete this change? The day follows the State Council's calendar again.", "notPublished": "The State Council's holidays for this year are not known yet: enter the year's holidays and make-up working days here.",
        "appliesFrom": "A change applies to the time limits of tickets dispatched from now on.", "none": "None"
      },
      "partners": {
        "name": "Name", "url": "Endpoint URL", "secret": "Signing secret", "secretKeep": "Leave blank to keep the current secret (it is never shown)", "secretNew": "At least 16 characters; the partner checks signatures with it",
        "updatedAt": "Updated", "new": "New partner", "nameHint": "110, or sms for the SMS gateway", "active": "Active"
      },
      "deliveries": {
        "id": "No.", "partner": "Partner", "ticket": "Ticket", "kind": "Message", "status": "Status", "attempts": "Attempts", "lastError": "Last error", "createdAt": "Created",
        "deadAt": "Given up", "retry": "Send again", "retried": "Queued to be sent again", "partnerFilter": "Partner name",
        "kinds": { "emergency": "Emergency to 110", "outcome": "110 outcome", "sms": "SMS" },
        "statuses": { "pending": "Sending", "delivered": "Delivered", "dead": "Failed" }
      }
    },
    "error": {
      "USERNAME_TAKEN": "That username is taken.", "LAST_ADMIN": "This is the last active admin: make another admin first.", "DUPLICATE_NAME": "That name exists.",
      "DUPLICATE_CODE": "That code exists.", "DUPLICATE_SLUG": "That slug exists.", "DEPARTMENT_IN_USE": "The department still holds open tickets, active users or active sub-units.", "API_KEY_REVOKED": "The key is revoked.",
      "DUPLICATE_MATCH": "An active time limit already covers this type, urgency and category: change that one.", "DELIVERY_NOT_DEAD": "Only failed messages can be sent again.",
      "RULE_NOT_FOUND": "The rule no longer exists.", "POLICY_NOT_FOUND": "The time limit no longer exists.", "OVERRIDE_NOT_FOUND": "The change no longer exists.", "DELIVERY_NOT_FOUND": "The message no longer exists."
    },
    "validation": { "password_too_short": "At least 10 characters", "common_password": "One of the commonest passwords: choose another", "contains_username": "Must not contain the username", "demo_password": "The demo password is refused in production" }
  }
} as const;
