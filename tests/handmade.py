"""Small hand-written reports for rule tests, built from parts so each test changes one thing.

The default report is correct in every respect (clean).  Tables are written as
Markdown pipe tables, the layout of OCR and format conversions.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

T2_ROWS = [
    ("第二十条第（一）项", None),
    ("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", None),
    ("规章", [0, 0, 0]),
    ("行政规范性文件", [3, 1, 20]),
    ("第二十条第（五）项", None),
    ("信息内容 | 本年处理决定数量", None),
    ("行政许可", [12]),
    ("第二十条第（六）项", None),
    ("信息内容 | 本年处理决定数量", None),
    ("行政处罚", [5]),
    ("行政强制", [0]),
    ("第二十条第（八）项", None),
    ("信息内容 | 本年收费金额（单位：万元）", None),
    ("行政事业性收费", ["1.5"]),
]

T3_LABELS = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("disclosed", "三、本年度办理结果 | （一）予以公开"),
    ("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused_1", "（三）不予公开 | 1.属于国家秘密"),
    ("refused_2", "2.其他法律行政法规禁止公开"),
    ("refused_3", "3.危及“三安全一稳定”"),
    ("refused_4", "4.保护第三方合法权益"),
    ("refused_5", "5.属于三类内部事务信息"),
    ("refused_6", "6.属于四类过程性信息"),
    ("refused_7", "7.属于行政执法案卷"),
    ("refused_8", "8.属于行政查询事项"),
    ("unavailable_1", "（四）无法提供 | 1.本机关不掌握相关政府信息"),
    ("unavailable_2", "2.没有现成信息需要另行制作"),
    ("unavailable_3", "3.补正后申请内容仍不明确"),
    ("not_processed_1", "（五）不予处理 | 1.信访举报投诉类申请"),
    ("not_processed_2", "2.重复申请"),
    ("not_processed_3", "3.要求提供公开出版物"),
    ("not_processed_4", "4.无正当理由大量反复申请"),
    ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_handling_1", "（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_handling_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_handling_3", "3.其他"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]


def person_only(n: int) -> List[object]:
    return [n, 0, 0, 0, 0, 0, n]


def default_table3() -> Dict[str, List[object]]:
    values = {row: person_only(0) for row, _ in T3_LABELS}
    values.update(
        new=[8, 2, 0, 0, 0, 0, 10],
        carried_over=person_only(1),
        disclosed=[4, 1, 0, 0, 0, 0, 5],
        partially_disclosed=person_only(2),
        unavailable_1=[1, 1, 0, 0, 0, 0, 2],
        total=[7, 2, 0, 0, 0, 0, 9],
        carried_forward=person_only(2),
    )
    return values


DEFAULT_T4 = [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]

DEFAULT_PROSE = {
    1: "2024年，本机关认真贯彻《中华人民共和国政府信息公开条例》，政务公开工作有序推进。",
    5: "存在的问题是政策解读形式较为单一。下一步将丰富解读形式。",
    6: "本年度本机关未收取信息处理费。",
}

HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}


def _cells(values: Sequence[object]) -> str:
    return " | ".join("" if v is None else str(v) for v in values)


def table2(rows: Optional[Dict[str, List[object]]] = None) -> str:
    overrides = rows or {}
    out = []
    for label, values in T2_ROWS:
        if values is None:
            out.append(f"| {label} |")
            continue
        key = {"规章": "regulations", "行政规范性文件": "normative_documents", "行政许可": "licensing",
               "行政处罚": "penalties", "行政强制": "enforcement", "行政事业性收费": "fees"}[label]
        if key in overrides and overrides[key] is None:
            continue  # row left out
        out.append(f"| {label} | {_cells(overrides.get(key, values))} |")
    return "\n".join(out)


def table3(rows: Optional[Dict[str, Optional[List[object]]]] = None) -> str:
    values = default_table3()
    values.update(rows or {})
    out = [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |",
        "| 自然人 | 法人或其他组织 | | | | | 总计 |",
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
    ]
    for row, label in T3_LABELS:
        if values.get(row) is None:
            continue
        out.append(f"| {label} | {_cells(values[row])} |")
    return "\n".join(out)


def table4(values: Optional[List[object]] = None) -> str:
    return "\n".join(
        [
            "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |",
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            f"| {_cells(values or DEFAULT_T4)} |",
        ]
    )


def report(
    t2: Optional[Dict[str, List[object]]] = None,
    t3: Optional[Dict[str, Optional[List[object]]]] = None,
    t4: Optional[List[object]] = None,
    prose: Optional[Dict[int, str]] = None,
    headings: Optional[Dict[int, Optional[str]]] = None,
    tables: Sequence[int] = (2, 3, 4),
    title: str = "某某县人民政府办公室2024年政府信息公开工作年度报告",
) -> str:
    """A complete report; pass ``None`` as a heading to leave a section out."""
    heads = {**HEADINGS, **(headings or {})}
    texts = {**DEFAULT_PROSE, **(prose or {})}
    bodies = {2: table2(t2) if 2 in tables else "", 3: table3(t3) if 3 in tables else "", 4: table4(t4) if 4 in tables else ""}
    out = [title, "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"]
    for number in range(1, 7):
        if heads.get(number) is None:
            continue
        out.append(heads[number])
        body = bodies.get(number, texts.get(number, ""))
        if body:
            out.append(body)
    return "\n".join(out) + "\n"
