"""Table values of the fixture reports, transcribed by hand from the source files.

Table 3 rows list the seven columns 自然人, 商业企业, 科研机构, 社会公益组织,
法律服务机构, 其他, 总计.  Table 4 is its one row of 15 numbers.  ``None``
marks a cell the report leaves blank.
"""

from decimal import Decimal

ZERO7 = [0, 0, 0, 0, 0, 0, 0]
ZERO15 = [0] * 15

SEED_000 = {
    "table2": {
        "regulations": [0, 0, 0],
        "normative_documents": [14, 0, 120],
        "licensing": [0],
        "penalties": [0],
        "enforcement": [0],
        "fees": [Decimal("0")],
    },
    "table3": {
        "new": [75, 0, 0, 0, 0, 0, 75],
        "carried_over": ZERO7,
        "disclosed": [9, 0, 0, 0, 0, 0, 9],
        "partially_disclosed": [10, 0, 0, 0, 0, 0, 10],
        "refused_1": ZERO7, "refused_2": ZERO7, "refused_3": ZERO7, "refused_4": ZERO7,
        "refused_5": ZERO7, "refused_6": ZERO7, "refused_7": ZERO7, "refused_8": ZERO7,
        "unavailable_1": [42, 0, 0, 0, 0, 0, 42],
        "unavailable_2": [2, 0, 0, 0, 0, 0, 2],
        "unavailable_3": ZERO7,
        "not_processed_1": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_2": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_3": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_4": ZERO7,
        "not_processed_5": ZERO7,
        "other_handling_1": [5, 0, 0, 0, 0, 0, 5],
        "other_handling_2": ZERO7,
        "other_handling_3": [2, 0, 0, 0, 0, 0, 2],
        "total": [73, 0, 0, 0, 0, 0, 73],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    },
    "table4": {"cases": [3, 0, 1, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2]},
}

SEED_001 = {
    "table2": {
        "regulations": [0, 0, 0],
        "normative_documents": [14, 59, None],
        "licensing": [0],
        "penalties": [0],
        "enforcement": [0],
        "fees": [Decimal("0")],
    },
    "table3": {
        "new": [120, 2, 0, 0, 0, 0, 122],
        "carried_over": ZERO7,
        "disclosed": [91, 2, 0, 0, 0, 0, 93],
        "partially_disclosed": ZERO7,
        "refused_1": ZERO7, "refused_2": ZERO7, "refused_3": ZERO7, "refused_4": ZERO7,
        "refused_5": ZERO7,
        "refused_6": [8, 0, 0, 0, 0, 0, 8],
        "refused_7": ZERO7,
        "refused_8": [9, 0, 0, 0, 0, 0, 9],
        "unavailable_1": [2, 0, 0, 0, 0, 0, 2],
        "unavailable_2": [10, 0, 0, 0, 0, 0, 10],
        "unavailable_3": ZERO7,
        "not_processed_1": ZERO7, "not_processed_2": ZERO7, "not_processed_3": ZERO7,
        "not_processed_4": ZERO7, "not_processed_5": ZERO7,
        "other_handling_1": ZERO7, "other_handling_2": ZERO7, "other_handling_3": ZERO7,
        "total": [120, 2, 0, 0, 0, 0, 122],
        "carried_forward": ZERO7,
    },
    "table4": {"cases": [0, 0, 0, 1, 1, 8, 0, 0, 0, 8, 0, 0, 0, 0, 0]},
}

SEED_003 = {
    "table2": {
        "regulations": [0, 0, 0],
        "normative_documents": [4, 3, 14],
        "licensing": [10],
        "penalties": [173],
        "enforcement": [0],
        "fees": [Decimal("0")],
    },
    "table3": {
        "new": [3, 0, 0, 0, 0, 0, 3],
        "carried_over": ZERO7,
        "disclosed": [3, 0, 0, 0, 0, 0, 3],
        "partially_disclosed": ZERO7,
        "refused_1": ZERO7, "refused_2": ZERO7, "refused_3": ZERO7, "refused_4": ZERO7,
        "refused_5": ZERO7, "refused_6": ZERO7, "refused_7": ZERO7, "refused_8": ZERO7,
        "unavailable_1": ZERO7, "unavailable_2": ZERO7, "unavailable_3": ZERO7,
        "not_processed_1": ZERO7, "not_processed_2": ZERO7, "not_processed_3": ZERO7,
        "not_processed_4": ZERO7, "not_processed_5": ZERO7,
        "other_handling_1": ZERO7, "other_handling_2": ZERO7, "other_handling_3": ZERO7,
        "total": [3, 0, 0, 0, 0, 0, 3],
        "carried_forward": ZERO7,
    },
    "table4": {"cases": [1, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]},
}

SEED_004 = {
    "table2": {
        "regulations": [0, 0, 0],
        "normative_documents": [14, 2, 168],
        "licensing": [0],
        "penalties": [0],
        "enforcement": [0],
        "fees": [Decimal("0")],
    },
    "table3": {
        "new": [18, 0, 0, 0, 0, 0, 18],
        "carried_over": ZERO7,
        "disclosed": [5, 0, 0, 0, 0, 0, 5],
        "partially_disclosed": [4, 0, 0, 0, 0, 0, 4],
        "refused_1": ZERO7, "refused_2": ZERO7, "refused_3": ZERO7, "refused_4": ZERO7,
        "refused_5": ZERO7, "refused_6": ZERO7, "refused_7": ZERO7, "refused_8": ZERO7,
        "unavailable_1": [6, 0, 0, 0, 0, 0, 6],
        "unavailable_2": ZERO7,
        "unavailable_3": ZERO7,
        "not_processed_1": ZERO7, "not_processed_2": ZERO7, "not_processed_3": ZERO7,
        "not_processed_4": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_5": ZERO7,
        "other_handling_1": ZERO7, "other_handling_2": ZERO7, "other_handling_3": ZERO7,
        "total": [16, 0, 0, 0, 0, 0, 16],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    },
    "table4": {"cases": ZERO15},
}

HUAIAN_2024 = {
    "table2": {
        "regulations": [1, 0, 11],
        "normative_documents": [8, 26, 66],
        "licensing": [447228],
        "penalties": [3985758],
        "enforcement": [88283],
        "fees": [Decimal("96171.6")],
    },
    "table3": {
        "new": [3001, 53, 0, 0, 61, 4, 3119],
        "carried_over": [34, 0, 0, 0, 0, 0, 34],
        "disclosed": [1288, 21, 0, 0, 50, 3, 1362],
        "partially_disclosed": [447, 7, 0, 0, 0, 0, 454],
        "refused_1": [2, 0, 0, 0, 0, 0, 2],
        "refused_2": [30, 1, 0, 0, 0, 0, 31],
        "refused_3": [5, 0, 0, 0, 0, 0, 5],
        "refused_4": [6, 0, 0, 0, 0, 0, 6],
        "refused_5": [7, 1, 0, 0, 0, 0, 8],
        "refused_6": [12, 0, 0, 0, 0, 0, 12],
        "refused_7": [9, 0, 0, 0, 0, 0, 9],
        "refused_8": [105, 0, 0, 0, 0, 0, 105],
        "unavailable_1": [746, 12, 0, 0, 10, 1, 769],
        "unavailable_2": [11, 0, 0, 0, 0, 0, 11],
        "unavailable_3": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_1": [56, 6, 0, 0, 0, 0, 62],
        "not_processed_2": [25, 0, 0, 0, 0, 0, 25],
        "not_processed_3": ZERO7,
        "not_processed_4": ZERO7,
        "not_processed_5": [1, 0, 0, 0, 0, 0, 1],
        "other_handling_1": [67, 3, 0, 0, 1, 0, 71],
        "other_handling_2": [6, 0, 0, 0, 0, 0, 6],
        "other_handling_3": [108, 2, 0, 0, 0, 0, 110],
        "total": [2932, 53, 0, 0, 61, 4, 3050],
        "carried_forward": [103, 0, 0, 0, 0, 0, 103],
    },
    "table4": {"cases": [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]},
}
