// Words of the dashboard's trend by day: Simplified Chinese and English.
export default {
  "zh-CN": {
    "trend": {
      "title": "按日趋势",
      "intake": "受理量",
      "dispatched": "派单量",
      "onTime": "按时办结率",
      "satisfaction": "回访满意率"
    }
  },
  "en": {
    "trend": {
      "title": "Trend by day",
      "intake": "Intake",
      "dispatched": "Dispatched",
      "onTime": "Replied on time",
      "satisfaction": "Satisfaction"
    }
  }
} as const;
