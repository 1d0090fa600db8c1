"""Rules: what a run resolves with (model) and how a rules directory is read (load)."""

from reconcile.rules.load import builtin_rules, load_rules
from reconcile.rules.model import (BUILTIN, STRATEGIES, MatchingRules, OutletRule, ResolutionRule,
                                   Rules, TrustRules)

__all__ = ["BUILTIN", "STRATEGIES", "MatchingRules", "OutletRule", "ResolutionRule", "Rules", "TrustRules",
           "builtin_rules", "load_rules"]
