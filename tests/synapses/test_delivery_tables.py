"""Delivery tables: synapses grouped by source neuron and delay."""

import numpy as np
import pytest

from ranvier.objects.spikequeue import delay_steps, delivery_table


def test_uniform_delays_give_one_number():
    assert delay_steps(np.full(5, 0.3e-3), 1e-4) == 3
    assert isinstance(delay_steps(np.full(5, 0.3e-3), 1e-4), int)
    assert delay_steps(np.zeros(0), 1e-4) == 0


def test_mixed_delays_round_to_nearest_step():
    steps = delay_steps(np.array([0.0, 0.26e-3, 0.34e-3, 1e-3]), 1e-4)
    assert steps.dtype == np.int32
    assert steps.tolist() == [0, 3, 3, 10]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -1e-3])
def test_bad_delays_are_refused(bad):
    with pytest.raises(ValueError, match="finite and not negative"):
        delay_steps(np.array([1e-3, bad]), 1e-4)


def test_table_groups_by_source_then_delay():
    sources = np.array([2, 0, 2, 1, 0], dtype=np.int32)
    steps = np.array([1, 3, 2, 1, 1], dtype=np.int32)
    table = delivery_table(sources, 3, steps)
    assert (table.first_lag, table.lags) == (1, 3)
    # Slot (source, lag) holds synapses order[offsets[k]:offsets[k+1]],
    # k = source*lags + (steps - first_lag); stable within a slot.
    groups = [table.order[table.offsets[k]:table.offsets[k + 1]].tolist()
              for k in range(3 * 3)]
    assert groups == [[4], [], [1], [3], [], [], [0], [2], []]


def test_sorted_sources_need_no_order():
    sources = np.repeat(np.arange(4, dtype=np.int32), 3)
    table = delivery_table(sources, 5, 2)
    assert table.order is None
    assert table.offsets.tolist() == [0, 3, 6, 9, 12, 12]
    assert (table.first_lag, table.lags) == (2, 1)
