"""The texts of the shipped rule sets (titles of rule sets, groups, inputs, requirements,
indicators and levels) in the reader's language.

Rule sets are data written in English; each text is listed here, marked for translation with the
context "rule set", so the assessments catalogue carries its Chinese. ``ruleset_text`` shows any
text in the active language (unchanged when the catalogue lacks it); a test fails when a rule
set has a text this list or the Chinese catalogue lacks. A new or edited rule set: add its texts
here (``texts_of`` lists them), run makemessages for the assessments app and translate.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext, pgettext_lazy

from greenledger.core.assessment.model import RuleSet

CONTEXT = "rule set"

RULESET_TEXTS = (
    pgettext_lazy("rule set", "Green design product: framework (GB/T 32161-2015)"),
    pgettext_lazy("rule set", "Resource attributes"),
    pgettext_lazy("rule set", "Energy attributes"),
    pgettext_lazy("rule set", "Environmental attributes"),
    pgettext_lazy("rule set", "Product / quality attributes"),
    pgettext_lazy(
        "rule set",
        "Producer complies with laws and discharge standards; no major incident in three years",
    ),
    pgettext_lazy("rule set", "Quality, environmental and energy management systems in place"),
    pgettext_lazy("rule set", "Life-cycle assessment report for the product"),
    pgettext_lazy("rule set", "All the category's resource-attribute indicators met"),
    pgettext_lazy("rule set", "All the category's energy-attribute indicators met"),
    pgettext_lazy("rule set", "All the category's environmental-attribute indicators met"),
    pgettext_lazy("rule set", "All the category's product-attribute indicators met"),
    pgettext_lazy("rule set", "Producer complies with laws and discharge standards"),
    pgettext_lazy("rule set", "Management systems in place"),
    pgettext_lazy("rule set", "Life-cycle assessment report"),
    pgettext_lazy("rule set", "Product attributes"),
    pgettext_lazy("rule set", "Not all indicators met"),
    pgettext_lazy("rule set", "Green design product"),
    pgettext_lazy(
        "rule set", "Green design product: room air conditioner (GB/T 32161-2015 framework)"
    ),
    pgettext_lazy("rule set", "Energy efficiency grade per GB 21455-2019 (1 is best)"),
    pgettext_lazy("rule set", "GWP of the refrigerant"),
    pgettext_lazy("rule set", "Recyclability rate of the product"),
    pgettext_lazy("rule set", "Restricted substances within GB/T 26572 limits"),
    pgettext_lazy("rule set", "Energy efficiency grade at or better than required"),
    pgettext_lazy("rule set", "Refrigerant GWP within the limit"),
    pgettext_lazy("rule set", "Recyclability rate at or above the requirement"),
    pgettext_lazy("rule set", "Restricted substances within limits"),
    pgettext_lazy("rule set", "Green product: tissue paper (GB/T 35613-2024)"),
    pgettext_lazy("rule set", "Low-carbon attributes"),
    pgettext_lazy("rule set", "Water intake per tonne of product"),
    pgettext_lazy("rule set", "Comprehensive energy per tonne of product"),
    pgettext_lazy("rule set", "No fluorescent whitening agents detectable"),
    pgettext_lazy("rule set", "GHG per tonne of product"),
    pgettext_lazy("rule set", "Meets the product standard's quality grade"),
    pgettext_lazy("rule set", "Water intake per tonne within the limit"),
    pgettext_lazy("rule set", "Energy per tonne within the limit"),
    pgettext_lazy("rule set", "No fluorescent whitening agents"),
    pgettext_lazy("rule set", "Quality grade met"),
    pgettext_lazy("rule set", "GHG per tonne within the limit"),
    pgettext_lazy("rule set", "Green factory (GB/T 36132-2018, superseded)"),
    pgettext_lazy("rule set", "Complies with laws, regulations and mandatory standards"),
    pgettext_lazy("rule set", "No major safety or environmental incident in the last three years"),
    pgettext_lazy("rule set", "Top management commitment and a green-factory organisation"),
    pgettext_lazy("rule set", "Infrastructure, evaluator's score as % of attainable"),
    pgettext_lazy("rule set", "Management system, evaluator's score as %"),
    pgettext_lazy("rule set", "Energy and resource input, evaluator's score as %"),
    pgettext_lazy("rule set", "Products, evaluator's score as %"),
    pgettext_lazy("rule set", "Environmental emissions, evaluator's score as %"),
    pgettext_lazy("rule set", "Performance, evaluator's score as %"),
    pgettext_lazy("rule set", "Lawful operation and compliance with mandatory standards"),
    pgettext_lazy("rule set", "No major safety or environmental incident in three years"),
    pgettext_lazy("rule set", "Management responsibility for the green factory"),
    pgettext_lazy("rule set", "基础设施 infrastructure"),
    pgettext_lazy("rule set", "管理体系 management system"),
    pgettext_lazy("rule set", "能源与资源投入 energy and resource input"),
    pgettext_lazy("rule set", "产品 products"),
    pgettext_lazy("rule set", "环境排放 environmental emissions"),
    pgettext_lazy("rule set", "绩效 performance"),
    pgettext_lazy("rule set", "Below the pass mark"),
    pgettext_lazy("rule set", "Green factory (2018 edition)"),
    pgettext_lazy("rule set", "Green factory (GB/T 36132-2025)"),
    pgettext_lazy("rule set", "能源低碳化 low-carbon energy"),
    pgettext_lazy("rule set", "资源高效化 efficient resources"),
    pgettext_lazy("rule set", "生产洁净化 clean production"),
    pgettext_lazy("rule set", "产品绿色化 green products"),
    pgettext_lazy("rule set", "用地集约化 intensive land use"),
    pgettext_lazy("rule set", "Comprehensive energy per 10^4 yuan output value"),
    pgettext_lazy("rule set", "GHG (GB/T 32150) per 10^4 yuan output value"),
    pgettext_lazy(
        "rule set", "Share of electricity from renewables (on-site, green power, certificates)"
    ),
    pgettext_lazy("rule set", "Industrial water reuse rate"),
    pgettext_lazy("rule set", "Industrial solid waste utilisation rate"),
    pgettext_lazy("rule set", "Output value per hectare of land"),
    pgettext_lazy(
        "rule set", "No major safety, quality or environmental incident in the last three years"
    ),
    pgettext_lazy("rule set", "Uses no equipment or process listed for elimination"),
    pgettext_lazy("rule set", "Energy metering equipped per GB 17167"),
    pgettext_lazy("rule set", "Cleaner production audit completed"),
    pgettext_lazy("rule set", "Emissions within discharge standards and total-amount limits"),
    pgettext_lazy("rule set", "Has green design (eco-design) products"),
    pgettext_lazy("rule set", "No major safety, quality or environmental incident in three years"),
    pgettext_lazy("rule set", "No equipment or process listed for elimination"),
    pgettext_lazy("rule set", "Energy metering instruments equipped and managed per GB 17167"),
    pgettext_lazy("rule set", "Comprehensive energy per unit output value"),
    pgettext_lazy("rule set", "GHG emissions per unit output value"),
    pgettext_lazy("rule set", "Renewable electricity share"),
    pgettext_lazy("rule set", "Cleaner production audit and emissions within limits"),
    pgettext_lazy("rule set", "Green design products"),
    pgettext_lazy("rule set", "Output value per hectare"),
    pgettext_lazy("rule set", "Green factory"),
    pgettext_lazy("rule set", "Green industrial park (MIIT indicator system)"),
    pgettext_lazy("rule set", "能源利用绿色化 energy"),
    pgettext_lazy("rule set", "资源利用绿色化 resources"),
    pgettext_lazy("rule set", "基础设施绿色化 infrastructure"),
    pgettext_lazy("rule set", "产业绿色化 industry"),
    pgettext_lazy("rule set", "生态环境绿色化 ecology"),
    pgettext_lazy("rule set", "运行管理绿色化 management"),
    pgettext_lazy("rule set", "Park energy per 10^4 yuan output value"),
    pgettext_lazy("rule set", "Renewable share of energy use"),
    pgettext_lazy("rule set", "Clean energy share of energy use"),
    pgettext_lazy("rule set", "Output value per m3 of water"),
    pgettext_lazy("rule set", "Output value per km2 of land"),
    pgettext_lazy("rule set", "Reclaimed (中水) water reuse rate"),
    pgettext_lazy("rule set", "Infrastructure, evaluator's share"),
    pgettext_lazy("rule set", "Industry, evaluator's share"),
    pgettext_lazy("rule set", "Ecological environment, evaluator's share"),
    pgettext_lazy("rule set", "Operation management, evaluator's share"),
    pgettext_lazy(
        "rule set", "Green, circular and low-carbon laws, policies and standards applied"
    ),
    pgettext_lazy(
        "rule set", "No major pollution or ecological damage in three years; targets met"
    ),
    pgettext_lazy("rule set", "Environmental quality standards and total-amount limits met"),
    pgettext_lazy("rule set", "All key enterprises completed cleaner production audits"),
    pgettext_lazy("rule set", "No technology, equipment or products listed for elimination"),
    pgettext_lazy("rule set", "Dedicated green development body with at least two full-time staff"),
    pgettext_lazy(
        "rule set", "No major pollution or ecological damage in three years; reduction targets met"
    ),
    pgettext_lazy("rule set", "Environmental quality and total-amount limits met"),
    pgettext_lazy("rule set", "Key enterprises 100 % through cleaner production audits"),
    pgettext_lazy("rule set", "No technology or products listed for elimination"),
    pgettext_lazy("rule set", "Dedicated body with two or more full-time staff"),
    pgettext_lazy("rule set", "EG1 energy output rate (output value per tce)"),
    pgettext_lazy("rule set", "EG2 renewable energy share"),
    pgettext_lazy("rule set", "EG3 clean energy share"),
    pgettext_lazy("rule set", "RG4 water output rate"),
    pgettext_lazy("rule set", "RG5 land output rate"),
    pgettext_lazy("rule set", "RG6 industrial solid waste utilisation rate"),
    pgettext_lazy("rule set", "RG7 industrial water reuse rate"),
    pgettext_lazy("rule set", "RG8 reclaimed water reuse rate"),
    pgettext_lazy("rule set", "Infrastructure (evaluator's share of the aspect's points)"),
    pgettext_lazy("rule set", "Industry (evaluator's share)"),
    pgettext_lazy("rule set", "Ecological environment (evaluator's share)"),
    pgettext_lazy("rule set", "Operation management (evaluator's share)"),
    pgettext_lazy("rule set", "Green industrial park"),
    pgettext_lazy("rule set", "Green supply chain management enterprise (MIIT indicator system)"),
    pgettext_lazy(
        "rule set",
        "No major safety, quality or environmental incident and no violation in three years",
    ),
    pgettext_lazy("rule set", "绿色供应链管理战略 strategy"),
    pgettext_lazy("rule set", "实施绿色供应商管理 supplier management"),
    pgettext_lazy("rule set", "绿色生产 green production"),
    pgettext_lazy("rule set", "绿色回收 recycling"),
    pgettext_lazy("rule set", "绿色信息平台建设 information platform"),
    pgettext_lazy("rule set", "绿色信息披露 disclosure"),
    pgettext_lazy(
        "rule set",
        "Green supply chain management in the company development plan (evaluator's share of "
        "the maximum)",
    ),
    pgettext_lazy(
        "rule set", "Green supply chain management targets set (evaluator's share of the maximum)"
    ),
    pgettext_lazy("rule set", "Dedicated management body (evaluator's share of the maximum)"),
    pgettext_lazy(
        "rule set", "Green procurement standards and rules (evaluator's share of the maximum)"
    ),
    pgettext_lazy("rule set", "Supplier certification system (evaluator's share of the maximum)"),
    pgettext_lazy("rule set", "Regular supplier audits (evaluator's share of the maximum)"),
    pgettext_lazy("rule set", "Supplier performance evaluation (evaluator's share of the maximum)"),
    pgettext_lazy("rule set", "Regular supplier training (evaluator's share of the maximum)"),
    pgettext_lazy("rule set", "Share of low-risk suppliers"),
    pgettext_lazy(
        "rule set",
        "Energy saving, emission reduction and environmental compliance (evaluator's share of "
        "the maximum)",
    ),
    pgettext_lazy(
        "rule set",
        "Conformity with the restriction of hazardous substances (evaluator's share of the "
        "maximum)",
    ),
    pgettext_lazy("rule set", "Product recovery rate"),
    pgettext_lazy("rule set", "Packaging recovery rate"),
    pgettext_lazy(
        "rule set", "Recovery system (own or with third parties) (evaluator's share of the maximum)"
    ),
    pgettext_lazy(
        "rule set",
        "Guidance of downstream dismantling and recycling (evaluator's share of the maximum)",
    ),
    pgettext_lazy(
        "rule set", "Green supply chain information platform (evaluator's share of the maximum)"
    ),
    pgettext_lazy(
        "rule set",
        "Discloses energy saving and carbon reduction (evaluator's share of the maximum)",
    ),
    pgettext_lazy(
        "rule set",
        "Discloses supplier audit rates and low-risk share (evaluator's share of the maximum)",
    ),
    pgettext_lazy(
        "rule set",
        "Discloses suppliers' energy saving and emissions (evaluator's share of the maximum)",
    ),
    pgettext_lazy(
        "rule set",
        "Publishes a CSR report including green procurement (evaluator's share of the maximum)",
    ),
    pgettext_lazy("rule set", "Lawful operation; no major incident in three years"),
    pgettext_lazy("rule set", "X11 Green supply chain management in the company development plan"),
    pgettext_lazy("rule set", "X12 Green supply chain management targets set"),
    pgettext_lazy("rule set", "X13 Dedicated management body"),
    pgettext_lazy("rule set", "X21 Green procurement standards and rules"),
    pgettext_lazy("rule set", "X22 Supplier certification system"),
    pgettext_lazy("rule set", "X23 Regular supplier audits"),
    pgettext_lazy("rule set", "X24 Supplier performance evaluation"),
    pgettext_lazy("rule set", "X25 Regular supplier training"),
    pgettext_lazy("rule set", "X26 Share of low-risk suppliers"),
    pgettext_lazy("rule set", "X31 Energy saving, emission reduction and environmental compliance"),
    pgettext_lazy("rule set", "X32 Conformity with the restriction of hazardous substances"),
    pgettext_lazy("rule set", "X41 Product recovery rate"),
    pgettext_lazy("rule set", "X42 Packaging recovery rate"),
    pgettext_lazy("rule set", "X43 Recovery system (own or with third parties)"),
    pgettext_lazy("rule set", "X44 Guidance of downstream dismantling and recycling"),
    pgettext_lazy("rule set", "X51 Green supply chain information platform"),
    pgettext_lazy("rule set", "X61 Discloses energy saving and carbon reduction"),
    pgettext_lazy("rule set", "X62 Discloses supplier audit rates and low-risk share"),
    pgettext_lazy("rule set", "X63 Discloses suppliers' energy saving and emissions"),
    pgettext_lazy("rule set", "X64 Publishes a CSR report including green procurement"),
    pgettext_lazy("rule set", "Green supply chain management enterprise"),
    pgettext_lazy(
        "rule set",
        "Zero-carbon data centre (Shanghai T/SEESA013 tiers; MIIT green data-centre scoring)",
    ),
    pgettext_lazy("rule set", "Energy efficiency"),
    pgettext_lazy("rule set", "Resource use"),
    pgettext_lazy("rule set", "Carbon"),
    pgettext_lazy("rule set", "Power usage effectiveness over one year"),
    pgettext_lazy("rule set", "Located at a national computing hub node"),
    pgettext_lazy("rule set", "IT cabinet load utilisation over one year"),
    pgettext_lazy("rule set", "Actual energy and resource use no worse than the approved design"),
    pgettext_lazy("rule set", "Renewable electricity share (on-site, green power, certificates)"),
    pgettext_lazy("rule set", "Water usage effectiveness"),
    pgettext_lazy("rule set", "Residual GHG emissions (third-party inventory)"),
    pgettext_lazy("rule set", "Emissions offset by cancelled green certificates or CCER"),
    pgettext_lazy("rule set", "Carbon inventory by a qualified third party"),
    pgettext_lazy("rule set", "A zero-carbon strategy and implementation plan"),
    pgettext_lazy(
        "rule set", "PUE within the national limit (1.25以下 at hub nodes, 1.3以下 otherwise)"
    ),
    pgettext_lazy("rule set", "Third-party carbon inventory"),
    pgettext_lazy("rule set", "No major incident in three years"),
    pgettext_lazy("rule set", "Zero-carbon strategy and implementation plan"),
    pgettext_lazy("rule set", "PUE (MIIT score 80 - 20 x PUE)"),
    pgettext_lazy("rule set", "IT load utilisation"),
    pgettext_lazy("rule set", "Actual energy and resource use no worse than design"),
    pgettext_lazy("rule set", "Water usage effectiveness (WUE)"),
    pgettext_lazy("rule set", "Share of residual emissions offset by certificates or CCER"),
    pgettext_lazy("rule set", "Not recognised"),
    pgettext_lazy("rule set", "零碳创建 zero-carbon creating unit"),
    pgettext_lazy("rule set", "零碳标杆 zero-carbon benchmark unit"),
    pgettext_lazy("rule set", "Zero-carbon factory (T/CECA-G 0171-2022, type I: Scope 1 and 2)"),
    pgettext_lazy("rule set", "Own reductions"),
    pgettext_lazy("rule set", "Neutralisation"),
    pgettext_lazy("rule set", "Scope 1 and 2 emissions (GB/T 32150)"),
    pgettext_lazy("rule set", "Emission reduction against the base year"),
    pgettext_lazy("rule set", "Emissions offset by cancelled certificates or CCER"),
    pgettext_lazy("rule set", "Lawful operation; no major incident"),
    pgettext_lazy("rule set", "Share of the boundary's residual emissions offset"),
    pgettext_lazy("rule set", "Not a zero-carbon factory"),
    pgettext_lazy("rule set", "Zero-carbon factory, one star"),
    pgettext_lazy("rule set", "Zero-carbon factory, two stars"),
    pgettext_lazy("rule set", "Zero-carbon factory, three stars"),
    pgettext_lazy(
        "rule set",
        "Zero-carbon factory (T/CECA-G 0171-2022, type II: Scope 1, 2 and the specified Scope 3)",
    ),
    pgettext_lazy("rule set", "Specified Scope 3 emissions in the boundary"),
    pgettext_lazy("rule set", "Zero-carbon factory, Shanghai (T/SEESA009 creating / benchmark)"),
    pgettext_lazy("rule set", "Energy"),
    pgettext_lazy("rule set", "Management"),
    pgettext_lazy("rule set", "Clear physical boundary and registered in Shanghai"),
    pgettext_lazy(
        "rule set", "No major safety, quality or level III+ environmental incident in three years"
    ),
    pgettext_lazy("rule set", "GHG per 10^4 yuan output value"),
    pgettext_lazy("rule set", "Certified energy or carbon management system"),
    pgettext_lazy("rule set", "Physical boundary; registered in Shanghai"),
    pgettext_lazy("rule set", "GHG per unit output value"),
    pgettext_lazy("rule set", "National zero-carbon park (发改环资〔2025〕910号)"),
    pgettext_lazy("rule set", "引导性指标 guiding indicators"),
    pgettext_lazy("rule set", "Carbon per unit of energy (GHG / comprehensive energy)"),
    pgettext_lazy("rule set", "Park comprehensive energy consumption"),
    pgettext_lazy("rule set", "Clean energy share of energy consumption"),
    pgettext_lazy(
        "rule set",
        "Products' unit energy at or better than grade 2 of the national energy consumption "
        "limit standards",
    ),
    pgettext_lazy("rule set", "Waste heat/cold/pressure utilisation rate"),
    pgettext_lazy("rule set", "Construction plan with 2025 as base year, roadmap and timetable"),
    pgettext_lazy("rule set", "Carbon per unit of energy within the limit for the park's size"),
    pgettext_lazy("rule set", "Construction plan (2025 base year, roadmap, timetable)"),
    pgettext_lazy("rule set", "Clean energy consumption share at or above the target"),
    pgettext_lazy("rule set", "Unit energy of the park's products at grade 2 or better"),
    pgettext_lazy("rule set", "Industrial solid waste utilisation at or above the target"),
    pgettext_lazy("rule set", "Waste heat/cold/pressure utilisation at or above the target"),
    pgettext_lazy("rule set", "Industrial water reuse at or above the target"),
    pgettext_lazy(
        "rule set",
        "Meets the national zero-carbon park indicators (core indicator and requirements)",
    ),
    pgettext_lazy("rule set", "Zero-carbon park, Shanghai (T/SEESA010 creating / benchmark)"),
    pgettext_lazy("rule set", "Carbon per unit of energy"),
    pgettext_lazy("rule set", "Park energy and carbon management platform in operation"),
    pgettext_lazy("rule set", "Clean energy share"),
    pgettext_lazy("rule set", "Energy and carbon management platform"),
    pgettext_lazy("rule set", "零碳创建 zero-carbon creating park"),
    pgettext_lazy("rule set", "零碳标杆 zero-carbon benchmark park"),
)


def ruleset_text(text: object) -> str:
    """A rule set's text in the active language (as written when it has no translation)."""
    if not text:
        return ""
    return pgettext(CONTEXT, str(text))


def texts_of(ruleset: RuleSet) -> Iterable[str]:
    """Every text of a rule set a page shows: its title and its items' titles."""
    yield ruleset.title
    yield from (group.title for group in ruleset.groups.values())
    yield from (spec.title for spec in ruleset.inputs.values())
    yield from (requirement.title for requirement in ruleset.requirements)
    yield from (indicator.title for indicator in ruleset.indicators)
    yield from (level.title for level in ruleset.levels)
