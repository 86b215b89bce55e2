"""The 20-question CX diagnostic: question bank, scoring and prioritised actions."""

from cxconsult.diagnostic.compare import Change, WaveComparison, compare
from cxconsult.diagnostic.questions import (
    Programme,
    Question,
    Step,
    UnknownLanguageError,
    area_names,
    languages,
    programme,
    questions,
    scale_labels,
)
from cxconsult.diagnostic.recommendations import Action, recommend
from cxconsult.diagnostic.scoring import DISAGREEMENT_SD, DiagnosticResult, score

__all__ = [
    "DISAGREEMENT_SD",
    "Action",
    "Change",
    "DiagnosticResult",
    "Programme",
    "Question",
    "Step",
    "UnknownLanguageError",
    "WaveComparison",
    "area_names",
    "compare",
    "languages",
    "programme",
    "questions",
    "recommend",
    "scale_labels",
    "score",
]
