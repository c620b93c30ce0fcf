"""The instructor's side of nn-oracle, driven by ``grader.py``:

- ``rubric``: points and visibility per (layer, check), from a TOML file;
- ``engine``: running the checks on one submission (the pytest suite, or the same checks directly);
- ``submissions``: class folders, safe unzipping, finding the package in a submission;
- ``batch``: a class graded over a process pool, sharding;
- ``outputs``: class CSV, per-layer summary, per-student JSON, histograms, merging shards;
- ``formats``: text / JSON / Markdown / JUnit XML;
- ``gradescope``: the Gradescope autograder bundle and its run.
"""
