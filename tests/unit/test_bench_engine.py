"""The engine benchmark behind `make bench` runs and measures something real."""

from __future__ import annotations

import runpy
import sys

import pytest

from bench.engine import decisions_per_second, main, sample_facts
from requests_app.policy import Outcome, evaluate


def test_samples_mix_permitted_and_escalated_requests() -> None:
    outcomes = [evaluate(facts).outcome for facts in sample_facts()]

    assert Outcome.PERMITTED in outcomes
    assert Outcome.ESCALATED in outcomes


def test_decisions_per_second_is_a_positive_rate() -> None:
    assert decisions_per_second(0.01) > 1_000


def test_main_prints_the_rate(capsys: pytest.CaptureFixture[str]) -> None:
    main(["0.01"])

    assert "decisions/s (DCF Policy 31-8-5 engine, one process;" in capsys.readouterr().out


def test_runs_as_a_module(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["bench", "0.01"])
    # runpy warns when the module it is about to run as __main__ was already imported.
    monkeypatch.delitem(sys.modules, "bench.engine", raising=False)

    runpy.run_module("bench.engine", run_name="__main__")

    assert "decisions/s" in capsys.readouterr().out
