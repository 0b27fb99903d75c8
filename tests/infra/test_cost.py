"""The cost of a busy Warsaw day (scripts/aws_cost.py): its arithmetic, and the README shows it."""

import re
from dataclasses import replace

import pytest

from scripts import aws_cost
from scripts.aws_cost import Day, Prices
from tests.stack import ROOT


@pytest.mark.parametrize(
    ("items", "units"),
    [(0, 0), (10, 1), (11, 2), (2_621, 256), (2_622, 257), (3_000, 294)],
    ids=["none", "4 000 B", "4 400 B", "one full page", "a second page", "a day's 3 000"],
)
def test_a_query_of_the_day_costs_a_read_unit_per_4_kb_counted_per_1_mb_page(items, units):
    assert aws_cost.day_read_units(items, 400) == units


def test_the_day_read_averaged_over_the_day_is_what_half_the_day_costs():
    average = aws_cost.average_day_read_units(3_000, 400)

    assert aws_cost.day_read_units(1_500, 400) - 1 <= average <= aws_cost.day_read_units(1_500, 400)


def test_a_cache_passes_on_one_request_per_max_age_when_asked_far_more_often():
    assert aws_cost.cached_origin_rate(1_000, 2) == pytest.approx(0.5, rel=1e-3)
    assert aws_cost.cached_origin_rate(1, 2) == pytest.approx(1 / 3)
    assert aws_cost.cached_origin_rate(0, 2) == 0


def test_the_cached_board_reaches_the_api_a_bounded_number_of_times_however_many_watch():
    few, many = Day(boards=6), Day(boards=600)

    board_few = aws_cost.kinds_after(few)[0]
    board_many = aws_cost.kinds_after(many)[0]

    limit = few.edge_locations * few.open_seconds / few.board_max_age_s
    assert board_few.origin_per_day < board_few.viewer_per_day
    assert board_many.viewer_per_day == 100 * board_few.viewer_per_day
    assert board_few.origin_per_day < board_many.origin_per_day <= limit


def test_before_every_read_grows_with_the_day_and_after_it_does_not():
    small, big = Day(tickets=200), Day(tickets=5_000)

    before_small = [k.read_units for k in aws_cost.kinds_before(small)]
    before = [k.read_units for k in aws_cost.kinds_before(big)]
    after_small = [k.read_units for k in aws_cost.kinds_after(small)]
    after_big = [k.read_units for k in aws_cost.kinds_after(big)]

    assert all(b > s for b, s in zip(before, before_small, strict=True))
    assert min(before) > 10 * max(after_big)
    assert after_small == after_big


def test_the_bill_prices_each_unit_once_a_month():
    day = Day()
    kinds = [aws_cost.Kind("one", 1e6 / day.working_days, 1e6 / day.working_days, 2, 0, 1)]

    lines = aws_cost.bill(kinds, day, Prices()).lines

    assert lines["DynamoDB reads"] == pytest.approx(2 * Prices().dynamodb_read_per_million)
    assert lines["DynamoDB writes"] == pytest.approx(Prices().dynamodb_write_per_million)
    assert lines["API Gateway (REST)"] == pytest.approx(Prices().api_gateway_rest_per_million)
    assert lines["Lambda time"] == pytest.approx(
        1e6 * day.lambda_base_ms / 1000 * day.lambda_memory_gb * Prices().lambda_gb_second
    )


def test_a_dearer_price_raises_the_total():
    day = Day()
    cheap = aws_cost.bill(aws_cost.kinds_after(day), day, Prices())
    dear = aws_cost.bill(
        aws_cost.kinds_after(day), day, replace(Prices(), api_gateway_rest_per_million=7.40)
    )

    assert dear.total > cheap.total


def test_the_readme_shows_exactly_what_the_script_computes():
    readme = (ROOT / "infra" / "README.md").read_text(encoding="utf-8")

    shown = re.search(r"<!-- cost: begin -->\n(.*?)<!-- cost: end -->", readme, re.S)

    assert shown, "infra/README.md lost its cost markers"
    assert shown.group(1) == aws_cost.report(), "run python -m scripts.aws_cost and paste it"
