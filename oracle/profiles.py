"""Hypothesis profiles of the oracle, always loaded explicitly (hypothesis switches to its own
``ci`` profile when the CI variable is set; we never rely on that).

- grading: derandomized (the same examples on every run, at any -n, in any order), no example
  database (one student's failures never replay for another), no deadline (machine load must
  not change a verdict), fixed example counts. Students running ``pytest --submission`` locally
  get exactly the grader's verdicts.
- dev: random examples, a local database so a failure replays, more examples.
- thorough: derandomized like grading, with 4x the examples (the project's reference-vs-torch tests).
"""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

def freeze_local_constants() -> None:
    """Make drawn examples independent of which project modules a process has imported.

    Hypothesis (since 6.13x) mixes the literals of every "local" module in ``sys.modules`` into
    what its strategies draw. Which modules count as local depends on how the project is
    installed (editable or not) and on what the process happened to import (the batch grader's
    engine, a test that loaded a patched copy of the reference), so the derandomized grading
    examples, and with them a verdict, could differ between a student's run and the grader's.
    The oracle draws with hypothesis's version-pinned global constants only.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # a hypothesis without local constants: nothing to freeze
        return
    if hasattr(providers, "_get_local_constants"):
        empty = Constants()
        providers._get_local_constants = lambda: empty


freeze_local_constants()

#: Examples per check in the grading profile (a spec may override per check via ``examples``).
GRADING_EXAMPLES = {"forward": 25, "input_grad": 25, "param_grad": 12, "state": 10, "errors": 12,
                    "init": 1}  # init checks run a fixed list of InitSpecs, not hypothesis examples

PROFILES = {
    "grading": dict(derandomize=True, database=None, scale=1),
    "dev": dict(derandomize=False, database="dev", scale=4),
    "thorough": dict(derandomize=True, database=None, scale=4),
}


def settings_for(profile: str, spec, check: str) -> settings:
    config = PROFILES[profile]
    database = DirectoryBasedExampleDatabase(".hypothesis/oracle") if config["database"] == "dev" else None
    examples = spec.examples.get(check, GRADING_EXAMPLES[check]) * config["scale"]
    return settings(
        max_examples=examples,
        derandomize=config["derandomize"],
        database=database,
        deadline=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink] if database else
        [Phase.explicit, Phase.generate, Phase.shrink],
    )
