"""The loader on the shipped data: counts, types, integrity, every row sourced, nothing dropped."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pandas.api.types as ptypes
import pytest

import stargate
from conftest import DATA
from stargate.data import data_dir


def test_as_of_is_a_date_and_matches_descriptor(record):
    assert record.as_of == pd.Timestamp(record.descriptor["as_of"])
    assert isinstance(stargate.as_of(DATA), dt.date)


@pytest.mark.parametrize(
    "name, minimum",
    [
        ("events", 90),
        ("sites", 16),
        ("claims", 11),
        ("targets", 24),
        ("pledges", 20),
        ("comparisons", 6),
        ("capacity", 3),
        ("sources", 100),
        ("parameters", 5),
        ("promises", 20),
    ],
)
def test_row_counts_meet_the_record(record, name, minimum):
    assert len(record[name]) >= minimum


def test_exactly_sixteen_sites_and_eleven_claims(record):
    assert len(record.sites) == 16
    assert sorted(record.claims.claim_id) == [f"C{i:02d}" for i in range(1, 12)]


def test_rows_in_equal_rows_out(record):
    for res in record.descriptor["resources"]:
        with open(DATA / res["path"], encoding="utf-8", newline="") as fh:
            n_csv = sum(1 for row in csv.reader(fh) if row and any(c.strip() for c in row)) - 1
        assert len(record[res["name"]]) == n_csv, res["name"]


def test_types(record):
    ev = record.events
    assert ptypes.is_datetime64_any_dtype(ev["date"])
    assert ptypes.is_float_dtype(ev["amount_usd_bn"])
    assert ptypes.is_bool_dtype(ev["in_article"])
    assert all(isinstance(v, list) and v for v in ev["source_ids"])
    assert all(isinstance(v, list) and v for v in ev["actors"])
    assert ptypes.is_float_dtype(record.sites["lat"])
    assert ptypes.is_datetime64_any_dtype(record.sources["published"])


def test_every_row_has_a_resolvable_source(record):
    known = set(record.sources.source_id)
    for name in record.names:
        df = record[name]
        if "source_ids" not in df:
            continue
        for i, ids in enumerate(df["source_ids"]):
            assert ids, f"{name} row {i} has no source"
            assert set(ids) <= known, f"{name} row {i}: {set(ids) - known}"


def test_sources_are_dated_web_pages(record):
    src = record.sources
    assert src["published"].notna().all()
    assert src["url"].str.match(r"^https?://").all()


def test_foreign_keys(record):
    sites = set(record.sites.site_id)
    for name in ("events", "pledges", "capacity"):
        used = set(record[name]["site_id"].dropna())
        assert used <= sites, (name, used - sites)
    events = set(record.events.event_id)
    for ids in record.claims.event_ids:
        assert set(ids) <= events


def test_dates_within_the_record(record):
    for name in ("events", "targets", "pledges", "capacity"):
        dates = record[name]["date"]
        assert dates.min() >= pd.Timestamp("2024-01-01")
        assert dates.max() <= record.as_of


def test_one_default_per_model_parameter(record):
    defaults = record.parameters[record.parameters.is_default]
    assert defaults.parameter.is_unique
    assert {"cost_usd_bn_per_gw", "homes_per_gw"} <= set(defaults.parameter)


def test_conflicting_figures_keep_both(record):
    p = record.pledges
    groups = p.dropna(subset=["conflict_group"]).groupby("conflict_group")
    assert len(groups) >= 1
    for _, g in groups:
        assert len(g) >= 2, "a conflict group needs both figures"
        assert g.preferred.sum() == 1, "exactly one preferred figure per conflict"


def test_frames_are_copies(record):
    ev = record.events
    ev.loc[:, "title"] = "changed"
    assert (record.events.title != "changed").all()


def test_env_var_points_at_another_copy(data_copy, monkeypatch):
    monkeypatch.setenv("STARGATE_DATA_DIR", str(data_copy))
    assert data_dir() == data_copy.resolve()
    assert stargate.load().folder == data_copy.resolve()
