"""The lease that tells a live background job from one whose worker died."""

from __future__ import annotations

import pytest

from lindung.core.leases import lease, lease_held


@pytest.mark.django_db
def test_a_lease_is_held_inside_the_block_only():
    assert not lease_held("import:1")
    with lease("import:1"):
        assert lease_held("import:1")
        assert not lease_held("import:2")
    assert not lease_held("import:1")


@pytest.mark.django_db
def test_a_lease_is_released_when_its_holder_fails():
    with pytest.raises(RuntimeError), lease("batch:7"):
        raise RuntimeError("the job failed")
    assert not lease_held("batch:7")
