"""Tolerance stage: manufacturability from ISO data, a skin-model simulator, a learned model, stack-ups."""
from .capability import (ANALYSIS_COLUMNS, MATERIALS, Process, ToleranceAnalysis, analyze, analyze_table,
                         capable_processes, it_band, load_processes, material_factor)
from .simulate import CHARACTERISTICS, FEATURES, SkinParams, simulate

__all__ = ["analyze", "analyze_table", "ToleranceAnalysis", "Process", "load_processes", "capable_processes",
           "it_band", "material_factor", "MATERIALS", "ANALYSIS_COLUMNS", "SkinParams", "simulate", "FEATURES",
           "CHARACTERISTICS"]
