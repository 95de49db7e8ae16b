"""The words of the web pages, Chinese and English side by side (the reports bring their own)."""
from __future__ import annotations

LANGS = ("zh", "en")

WORDS = {
    "zh": {
        "app": "控规指标核验", "nav_plots": "地块查询", "nav_check": "方案核验", "switch": "English",
        "search_label": "地块编号", "search_hint": "如 BZ-13-10、ＢＺ－１３－１０、货源街南地块",
        "as_of": "核验日期", "search": "查询", "all_plots": "全部地块", "plot": "地块", "status": "状态",
        "latest": "最新批复", "land_use": "用地性质", "limits": "控制指标", "not_found": "未找到地块",
        "nearest": "最接近的地块编号", "no_nearest": "没有相近的地块编号",
        "limits_in_force": "生效控制指标", "indicator": "指标", "limit": "限值", "letter": "批复文件",
        "clause": "条款", "date": "日期", "no_limits": "无生效的控制指标", "history": "批复记录",
        "changes": "变更", "in_force": "生效", "not_in_force": "尚未生效", "superseded": "已被替代",
        "unpublished": "调整后指标未公布", "replaces_all": "替代此前全部指标", "amends": "仅修改所列指标",
        "envelope": "可建范围", "site_area": "用地面积", "item": "项目", "value": "数值",
        "source": "依据", "basis": "计算", "site_area_input": "按实测用地面积计算", "recompute": "重新计算",
        "map": "地块位置", "no_map": "规则库中没有该地块的用地边界，无法绘制位置图。",
        "map_caption": "本地块（深色边框）及周边地块，按用地性质着色，标注生效指标；灰色斜线为无生效指标。", "map_needs_extra": "规则库载有用地边界，但读取需要 plan 扩展（pip install 'zoning-rules[plan]'）。",
        "succeeded_by": "已拆分/合并为",
        "check_title": "上传方案核验", "files": "设计文件",
        "files_hint": "设计文件（.yaml/.yml/.json），可附总平面图（.geojson/.dxf，由设计文件的 site_plan 指名）；可一次上传多个设计。",
        "models_hint": "BIM 模型（.ifc）可单独上传核验（地块编号取自模型场地属性集），也可由设计文件的 site_plan 指名。",
        "comparison": "比较方法", "full": "全数值比较法（GB/T 8170，默认）", "rounded": "修约值比较法",
        "submit": "核验", "limits_note": "上传限制", "error": "错误", "results": "核验结果汇总",
        "design": "设计文件", "name": "项目名称", "verdict": "结论", "report": "报告",
        "open": "查看", "download": "下载", "pdf": "PDF", "json": "JSON", "bcf": "BCF",
        "all_json": "全部结果 JSON", "back": "返回", "print_hint": "打印或下载 PDF 后签字。",
        "not_found_page": "页面不存在或结果已过期（结果保留一小时）。", "bad_request": "请求有误",
        "server_error": "服务器内部错误，请求未完成。", "unauthorized": "需要访问令牌。",
        "too_large": "上传内容过大", "count": "个",
        "max_files": "每次最多 {n} 个文件", "max_file": "单个文件不超过 {mb} MB",
        "max_total": "合计不超过 {mb} MB", "checked_on": "核验日期", "history_empty": "无批复记录",
        "future": "晚于核验日期", "today": "今天",
    },
    "en": {
        "app": "Planning limits check", "nav_plots": "Plots", "nav_check": "Check a scheme", "switch": "中文",
        "search_label": "Plot code", "search_hint": "e.g. BZ-13-10, ＢＺ－１３－１０, 货源街南地块",
        "as_of": "As of", "search": "Search", "all_plots": "All plots", "plot": "plot", "status": "status",
        "latest": "latest letter", "land_use": "land use", "limits": "limits", "not_found": "No such plot",
        "nearest": "Nearest plot codes", "no_nearest": "no similar plot code",
        "limits_in_force": "Limits in force", "indicator": "indicator", "limit": "limit", "letter": "letter",
        "clause": "clause", "date": "date", "no_limits": "no limits in force", "history": "History",
        "changes": "changes", "in_force": "in force", "not_in_force": "not yet in force", "superseded": "superseded",
        "unpublished": "adjusted, values unpublished", "replaces_all": "replaces all earlier limits",
        "amends": "amends the limits it states",
        "envelope": "Buildable envelope", "site_area": "site area", "item": "item", "value": "value",
        "source": "source", "basis": "basis", "site_area_input": "Compute on a surveyed site area",
        "recompute": "Recompute",
        "map": "Location", "no_map": "The rule book holds no boundary for this plot, so no map can be drawn.",
        "map_caption": "This plot (dark outline) and its neighbours, coloured by land use, labelled with the limits in force; grey hatching: no limits in force.",
        "map_needs_extra": "The rule book has plot boundaries, but reading them needs the plan extra (pip install 'zoning-rules[plan]').",
        "succeeded_by": "split or merged into",
        "check_title": "Check a scheme", "files": "Design files",
        "files_hint": "Design files (.yaml/.yml/.json), with their site plans (.geojson/.dxf, named by the design's site_plan); several designs at once are fine.",
        "models_hint": "A BIM model (.ifc) can be checked on its own (the plot code from the site's property set) or named by a design's site_plan.",
        "comparison": "Comparison", "full": "unrounded values (GB/T 8170, default)", "rounded": "rounded values",
        "submit": "Check", "limits_note": "Upload limits", "error": "Error", "results": "Results",
        "design": "design file", "name": "scheme", "verdict": "verdict", "report": "report",
        "open": "open", "download": "Download", "pdf": "PDF", "json": "JSON", "bcf": "BCF",
        "all_json": "all results as JSON", "back": "Back", "print_hint": "Print or download the PDF to sign.",
        "not_found_page": "No such page, or the result has expired (results are kept for an hour).",
        "bad_request": "Bad request", "server_error": "Internal server error; the request was not completed.",
        "unauthorized": "An access token is required.", "too_large": "Upload too large", "count": "",
        "max_files": "at most {n} files at once", "max_file": "at most {mb} MB a file",
        "max_total": "at most {mb} MB in all", "checked_on": "as of", "history_empty": "no approvals on record",
        "future": "after the date asked", "today": "today",
    },
}

VERDICT = {
    "zh": {"pass": "通过", "fail": "不通过", "indeterminate": "无法判定"},
    "en": {"pass": "PASS", "fail": "FAIL", "indeterminate": "INDETERMINATE"},
}


def lang_of(value: str | None) -> str | None:
    return value if value in LANGS else None
