"""The CBAM pages' Chinese: the products catalogue's CBAM terms read as ours at run time (no
other catalogue of the project shadows them)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override

import greenledger.web.products
from tests.web.catalogue_checks import lc_messages, shadowed

LC_MESSAGES = lc_messages(greenledger.web.products.__file__)
CBAM_TERMS = {
    "SEE direct (tCO2e/t)": "直接特定隐含排放（tCO2e/t）",
    "SEE indirect (tCO2e/t)": "间接特定隐含排放（tCO2e/t）",
    "Direct emissions only": "仅直接排放",
    "Carbon price paid in China": "在中国已支付的碳价",
    "Mark-up": "加成",
    "Precursors": "前体",
    "Summary of products": "产品汇总",
    "Return for correction": "退回更正",
}


def test_cbam_terms_are_not_shadowed() -> None:
    ours = {key for key, _ours, _shown in shadowed(LC_MESSAGES)}
    assert not ours & set(CBAM_TERMS), sorted(ours & set(CBAM_TERMS))
    with override("zh-hans"):
        for english, chinese in CBAM_TERMS.items():
            assert _(english) == chinese
