"""Every runnable example in the package's docstrings runs and prints what it says."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import drawinglab

MODULES = sorted(m.name for m in pkgutil.walk_packages(drawinglab.__path__, "drawinglab.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed (run pytest --doctest-modules {name})"
