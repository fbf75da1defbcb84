"""Assessments and recognition: standards as versioned rule sets kept as data.

One folder per standard under `standards/`, one YAML file per edition. A rule set has basic
requirements (pass/fail; any failure blocks every level), scored indicators with weights and
formulas over the applicant's verified data, thresholds each carrying its source and whether it
is confirmed, and levels from the total. `assess` explains every item of the result.
"""

from greenledger.core.assessment.engine import Application, assess, threshold_override_problems
from greenledger.core.assessment.formula import Formula, FormulaError, compile_formula
from greenledger.core.assessment.inventory_inputs import inputs_from_inventory
from greenledger.core.assessment.loader import (
    RuleSetNotFound,
    available_rulesets,
    load_ruleset,
    load_ruleset_file,
)
from greenledger.core.assessment.model import RuleSet, Threshold
from greenledger.core.assessment.result import (
    AssessmentResult,
    IndicatorResult,
    LevelResult,
    RequirementResult,
    ThresholdUse,
)

__all__ = [
    "Application",
    "AssessmentResult",
    "Formula",
    "FormulaError",
    "IndicatorResult",
    "LevelResult",
    "RequirementResult",
    "RuleSet",
    "RuleSetNotFound",
    "Threshold",
    "ThresholdUse",
    "assess",
    "available_rulesets",
    "compile_formula",
    "inputs_from_inventory",
    "load_ruleset",
    "load_ruleset_file",
    "threshold_override_problems",
]
