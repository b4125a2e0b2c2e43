"""The language layer: each piece of knowledge of Vietnamese administrative prose, once.

    money.py     amounts of money: units, scale words, the prose and table-cell grammar,
                 rates, which amounts are budget lines
    periods.py   years and periods: "năm 2023", "giai đoạn 2021 - 2025", "6 tháng đầu năm 2022"
    stance.py    goal or result: target/actual for indicators
    masking.py   spans that hold numbers but no value (document numbers, dates), blanked before
                 numbers are read
    reference_pattern.py   the number and symbol of a document ("3225/KH-UBND"), one pattern for
                 mentions in prose, whole table cells, masks, the heading's "Số:" and search queries
    abbreviations.py       the abbreviations of administrative names (data/abbreviations.tsv), both ways,
                 and the levels written short before a place ("TP.", "TX")

Extractors import these rules from here and keep none of their own; tests import each rule
from its home. Sentences and clauses are cut by extractors.sentences, numbers read by
extractors.numbers.
"""
