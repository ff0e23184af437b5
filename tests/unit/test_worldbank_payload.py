"""The collector pause around JSON parsing: counted across threads, restored as it was."""

from __future__ import annotations

import gc
import threading

from pipeline.sources.worldbank.payload import gc_paused


def test_the_collector_is_paused_while_parsing_and_enabled_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # another parse at the same time
            assert not gc.isenabled()
        assert not gc.isenabled(), "the first parse is still going"
    assert gc.isenabled()


def test_threads_that_overlap_leave_it_enabled():
    inside, leave = threading.Barrier(4), threading.Event()

    def parse():
        with gc_paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=parse) for _ in range(3)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
