// The words of the dashboard's routing tile (issue 17): Simplified Chinese and English. Kept apart
// from dashboard.messages.ts because the tile is its own component.
export default {
  "zh-CN": {
    "routingTile": {
      "title": "智能派单",
      "autoRoutingRate": "自动派单率",
      "autoRoutingSub": "自动派出 {routed} · 转人工 {pooled}",
      "misrouteRate": "自动派单后改派率",
      "misrouteSub": "退单后改派 {n} 件",
      "note": "区间内系统自动判断的工单（紧急警情除外）"
    }
  },
  "en": {
    "routingTile": {
      "title": "Automatic routing",
      "autoRoutingRate": "Auto-routing rate",
      "autoRoutingSub": "{routed} auto-routed · {pooled} to dispatchers",
      "misrouteRate": "Re-dispatched after auto-routing",
      "misrouteSub": "{n} re-dispatched after a return",
      "note": "Tickets routing decided in the window (possible emergencies aside)"
    }
  }
};
