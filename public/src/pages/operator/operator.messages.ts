// The words of the operator's page: Simplified Chinese and English, in vue-i18n's message format.
export default {
  "zh-CN": {
    "operator": {
      "pageTitle": "话务受理 · 12345",
      "tabIntake": "来电受理",
      "tabCallbacks": "回访队列",
      "formTitle": "受理来电",
      "descriptionHint": "记录市民反映的问题：时间、地点、具体情况…",
      "categoryHint": "输入名称或关键词搜索分类，↑↓ 选择，回车确认",
      "suggested": "按关键词建议：",
      "create": "创建工单",
      "newCall": "新来电（清空）",
      "shortcut": "Ctrl+Enter 提交",
      "created": "工单已创建",
      "createdHint": "已进入自动派单；请告知市民工单号，可凭手机号后四位查询进度。",
      "createdMsg": "工单 {no} 已创建。",
      "routedTo": "已派至：{department}",
      "answeredDone": "已当场解答",
      "answeredHint": "来电已按当场解答结束并留档。",
      "answeredMsg": "已当场解答并留档，工单号 {no}。",
      "duplicates": "可能重复的工单（同一地点相同问题）：",
      "alreadyCreated": "本次来电已创建工单 {no}，未重复创建。受理下一个来电请点击“新来电（清空）”。",
      "attachedMsg": "已将本次来电市民并入工单 {no}（未新建工单），办结后将同样回访并可查询答复。"
    },
    "history": {
      "title": "该来电号码的工单（{n}）",
      "open": "办理中（{n}）",
      "ended": "近12个月已办结（{n}）",
      "due": "期限 {at}",
      "none": "无",
      "shown": "已显示 {n} 条，共 {total} 条",
      "more": "更多"
    },
    "similar": {
      "title": "同一地点的在办工单（{n}），可能是同一问题",
      "help": "如市民反映的是同一问题，可将其并入该工单，不再新建。",
      "attach": "并入此工单（不新建）"
    },
    "kb": {
      "title": "知识库",
      "search": "搜索（随诉求内容自动检索）",
      "placeholder": "输入关键词，如：居住证",
      "idle": "输入诉求内容后将自动检索知识库。",
      "searching": "正在检索…",
      "found": "按“{why}”找到 {n} 条",
      "nothing": "“{why}”没有找到相关条目",
      "more": "展开全文",
      "less": "收起",
      "answered": "当场解答",
      "answerLabel": "答复内容（可修改后确认）",
      "confirm": "确认当场解答并结束来电",
      "recordedType": "记为",
      "recordedCategory": "分类：{code}",
      "chooseCategory": "该条目未注明分类，请先在左侧选择分类"
    },
    "callback": {
      "title": "回访队列",
      "help": "向市民核实办理情况：点击结果按钮即记录回访；“未接通”满 3 次自动按联系不上结案。",
      "empty": "目前没有待回访的工单。",
      "satisfied": "满意",
      "basically_satisfied": "基本满意",
      "dissatisfied": "不满意",
      "unreached": "未接通",
      "contacted": "承办单位已联系市民",
      "resolved": "问题是否解决",
      "comment": "市民意见",
      "replyWithOutcome": "承办单位答复（{outcome}）：",
      "repliedAt": "答复于 {at}",
      "dueAt": "应回访于 {at}",
      "attempts": "已呼叫 {n} 次",
      "mergedInto": "并案于 {no}",
      "revealReason": "回访致电市民",
      "recorded": "工单 {no} 回访已记录：{outcome}（{state}）",
      "stillOpen": "仍待回访，已呼叫 {n} 次",
      "escalated": "再次不满意，已转督办",
      "sendLink": "发送短信评价链接",
      "linkSent": "短信网关已确认：工单 {no} 的评价链接短信已送达网关（{until} 前有效）",
      "linkQueued": "工单 {no} 的评价链接短信已排队，等待短信网关确认…",
      "linkNotSent": "工单 {no} 的短信未发送：{why}。请将以下链接告知市民：",
      "linkUnconfirmed": "工单 {no} 的短信未获短信网关确认：{why}",
      "smsWhy": {
        "NO_SMS_GATEWAY": "未配置短信网关",
        "NO_PHONE": "市民未留电话号码",
        "NO_ACK": "短信网关尚未确认，请稍后在回访记录中查看"
      },
      "notAsked": "未询问",
      "shownSoFar": "已显示 {n} 条，共 {total} 条",
      "more": "加载更多"
    },
    "emergency": {
      "title": "疑似紧急警情",
      "advice": "请立即引导市民拨打 110 / 119 / 120，或将工单转 110 处理。",
      "matches": "触发词：",
      "transfer": "立即转 110",
      "transferReason": "话务员判断为紧急警情，转110处理（触发词：{words}）",
      "transferred": "工单 {no} 已转 110（{status}）。",
      "dismiss": "已知晓，不属于紧急警情"
    },
    "emergencyKind": {
      "crime": "治安刑事",
      "violence": "暴力伤害",
      "fire": "火警",
      "gas": "燃气泄漏",
      "injury": "人员受伤",
      "traffic_injury": "交通事故伤人"
    },
    "form": {
      "optional": "（可选）",
      "chooseDistrict": "— 请选择区 —",
      "chooseStreet": "— 请选择街镇 —",
      "chooseDistrictFirst": "— 请先选择区 —",
      "charCount": "{n}/{max} 字"
    },
    "error": {
      "SURVEY_NOT_FOUND": "找不到该回访",
      "SURVEY_CLOSED": "该回访已结束，无需再记录",
      "NO_CALLBACK_CONSENT": "市民不接受回访",
      "NO_PHONE": "市民没有留下电话号码"
    }
  },
  "en": {
    "operator": {
      "pageTitle": "Call intake · 12345",
      "tabIntake": "Take a call",
      "tabCallbacks": "Callback queue",
      "formTitle": "Take a call",
      "descriptionHint": "What, where, since when…",
      "categoryHint": "Type a name or keyword; ↑↓ to choose, Enter to pick",
      "suggested": "Suggested by keywords:",
      "create": "Create ticket",
      "newCall": "New call (clear)",
      "shortcut": "Ctrl+Enter submits",
      "created": "Ticket created",
      "createdHint": "Routing has started. Give the caller the number; they can track it with the last 4 digits of their phone.",
      "createdMsg": "Ticket {no} created.",
      "routedTo": "Sent to: {department}",
      "answeredDone": "Answered on the spot",
      "answeredHint": "The call is recorded as answered on the spot.",
      "answeredMsg": "Answered on the spot and recorded as {no}.",
      "duplicates": "Possible duplicates (same place, same matter):",
      "alreadyCreated": "This call already has ticket {no}; no second ticket was made. Press “New call (clear)” for the next caller.",
      "attachedMsg": "This caller was added to ticket {no} (no new ticket); they will be surveyed after the reply and can track it."
    },
    "history": {
      "title": "Tickets of this phone number ({n})",
      "open": "Open ({n})",
      "ended": "Ended in the last 12 months ({n})",
      "due": "due {at}",
      "none": "None",
      "shown": "{n} of {total} shown",
      "more": "More"
    },
    "similar": {
      "title": "Open tickets at the same place ({n}): perhaps the same matter",
      "help": "If the caller reports the same matter, add them to that ticket instead of making a new one.",
      "attach": "Add caller to this ticket"
    },
    "kb": {
      "title": "Knowledge base",
      "search": "Search (follows what you type)",
      "placeholder": "Keywords, e.g. 居住证",
      "idle": "Articles appear as you type the caller’s words.",
      "searching": "Searching…",
      "found": "{n} found for “{why}”",
      "nothing": "Nothing found for “{why}”",
      "more": "Show all",
      "less": "Show less",
      "answered": "Answered on the spot",
      "answerLabel": "Answer given (edit, then confirm)",
      "confirm": "Confirm and end the call",
      "recordedType": "Record as",
      "recordedCategory": "Category: {code}",
      "chooseCategory": "This article names no category: choose one in the form first"
    },
    "callback": {
      "title": "Callback queue",
      "help": "Call the citizen back; one click records the outcome. After 3 unanswered calls the ticket closes as unreachable.",
      "empty": "No callbacks due.",
      "satisfied": "Satisfied",
      "basically_satisfied": "Basically satisfied",
      "dissatisfied": "Dissatisfied",
      "unreached": "No answer",
      "contacted": "Department contacted the citizen",
      "resolved": "Resolved?",
      "comment": "Citizen’s comment",
      "replyWithOutcome": "Department’s reply ({outcome}): ",
      "repliedAt": "replied {at}",
      "dueAt": "call by {at}",
      "attempts": "{n} call(s) made",
      "mergedInto": "merged into {no}",
      "revealReason": "Callback survey call",
      "recorded": "Callback for {no} recorded: {outcome} ({state})",
      "stillOpen": "still open, {n} call(s) made",
      "escalated": "dissatisfied again: passed to a supervisor",
      "sendLink": "Text a survey link",
      "linkSent": "The SMS gateway confirmed the survey link for {no} (valid until {until})",
      "linkQueued": "The survey link SMS for {no} is queued, waiting for the gateway to confirm…",
      "linkNotSent": "No SMS was sent for {no}: {why}. Give the citizen this link:",
      "linkUnconfirmed": "The SMS for {no} was not confirmed by the gateway: {why}",
      "smsWhy": {
        "NO_SMS_GATEWAY": "no SMS gateway is configured",
        "NO_PHONE": "the citizen left no phone number",
        "NO_ACK": "the gateway has not confirmed yet; check again later"
      },
      "notAsked": "not asked",
      "shownSoFar": "{n} of {total} shown",
      "more": "Show more"
    },
    "emergency": {
      "title": "POSSIBLE EMERGENCY",
      "advice": "Tell the caller to dial 110 / 119 / 120 now, or transfer the ticket to 110.",
      "matches": "Triggered by:",
      "transfer": "Transfer to 110 now",
      "transferReason": "Operator judged it an emergency; transferred to 110 (words: {words})",
      "transferred": "Ticket {no} transferred to 110 ({status}).",
      "dismiss": "Understood, not an emergency"
    },
    "emergencyKind": {
      "crime": "crime",
      "violence": "violence",
      "fire": "fire",
      "gas": "gas leak",
      "injury": "injury",
      "traffic_injury": "traffic accident with injuries"
    },
    "form": {
      "optional": "(optional)",
      "chooseDistrict": "— choose district —",
      "chooseStreet": "— choose street/town —",
      "chooseDistrictFirst": "— choose a district first —",
      "charCount": "{n}/{max}"
    },
    "error": {
      "SURVEY_NOT_FOUND": "No such callback survey",
      "SURVEY_CLOSED": "This survey has ended; nothing more to record",
      "NO_CALLBACK_CONSENT": "The citizen declined callbacks",
      "NO_PHONE": "The citizen left no phone number"
    }
  }
} as const;
