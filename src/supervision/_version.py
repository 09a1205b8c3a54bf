"""The version, defined once: the package metadata (pyproject.toml), ``supervision.__version__``
and ``supervision --version`` all read it."""

#: The distribution's name on the package index (the import package is ``supervision``; the
#: name ``supervision`` on PyPI belongs to an unrelated computer-vision project).
DISTRIBUTION = "supervision-duban"
__version__ = "0.2.0"
