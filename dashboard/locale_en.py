"""English of the dashboard's own words, keyed by their Chinese source text (see i18n.t)."""

EN: dict[str, str] = {
    # value labels
    "良好(≥90%)": "Good (≥90%)",
    "关注(80–90%)": "Watch (80–90%)",
    "偏低(<80%)": "Low (<80%)",
    "超支(>100%)": "Overspent (>100%)",
    "错误": "Error",
    "警告": "Warning",
    "提示": "Note",
    "已完成": "Met",
    "部分完成": "Partly met",
    "未完成": "Not met",
    "无法判断": "Cannot judge",
    "绩效目标完成情况表(2018式)": "Goal completion form (2018)",
    "项目支出绩效自评表(2020式)": "Project self-evaluation form (2020)",
    "自评报告": "Self-evaluation report",
    "其他表式": "Other form",
    "当年": "This year",
    "累计": "Cumulative",
    "前后不一": "Inconsistent",
}
