"""The price model, free of Django: data schemas → one feature frame, training, intervals, artefacts.

Everything here takes plain data (pandas frames, paths, numbers) and returns plain data, so the same
code serves the `aftercare valuation` commands, the web services and the benchmark. Import-linter
keeps Django out of this package (see pyproject `[tool.importlinter]`).
"""
