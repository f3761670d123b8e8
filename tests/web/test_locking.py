"""The store lock: pages that judge share it, a change has it alone and goes before pages
that arrive after it, and a waiter can be refused instead of kept waiting."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from seedbed.web.locking import StoreLock

# Ceiling for any wait below; only a deadlock comes near it.
WAIT_S = 30.0


class Busy(Exception):
    pass


def _in_thread(work: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _joined(thread: threading.Thread) -> None:
    thread.join(WAIT_S)
    assert not thread.is_alive(), "a thread is stuck"


def test_readers_hold_the_lock_together() -> None:
    lock = StoreLock()
    both_inside = threading.Barrier(2, timeout=WAIT_S)

    def read() -> None:
        with lock.reading():
            both_inside.wait()  # breaks (and fails the test) unless both are inside at once

    threads = [_in_thread(read) for _ in range(2)]
    for thread in threads:
        _joined(thread)
    assert not both_inside.broken


def test_a_writer_waits_for_readers_and_goes_before_later_readers() -> None:
    lock = StoreLock()
    order: list[str] = []
    release_first = threading.Event()
    first_inside = threading.Event()
    writer_waits, late_reader_waits = threading.Event(), threading.Event()

    def first_reader() -> None:
        with lock.reading():
            first_inside.set()
            release_first.wait(WAIT_S)
            order.append("first reader")

    def writer() -> None:
        with lock.writing(writer_waits.set):
            order.append("writer")

    def late_reader() -> None:
        with lock.reading(late_reader_waits.set):
            order.append("late reader")

    threads = [_in_thread(first_reader)]
    assert first_inside.wait(WAIT_S)
    threads.append(_in_thread(writer))
    assert writer_waits.wait(WAIT_S)
    threads.append(_in_thread(late_reader))
    assert late_reader_waits.wait(WAIT_S)  # held back: a writer is waiting
    assert order == []
    release_first.set()
    for thread in threads:
        _joined(thread)
    assert order == ["first reader", "writer", "late reader"]


def test_a_waiter_can_be_refused_and_the_lock_stays_usable() -> None:
    lock = StoreLock()

    def refuse() -> None:
        raise Busy

    with lock.writing():
        with pytest.raises(Busy), lock.reading(refuse):
            pass
        with pytest.raises(Busy), lock.writing(refuse):
            pass
    # Free again: nobody waits, so nobody is refused.
    with lock.writing(refuse):
        pass
    with lock.reading(refuse), lock.reading(refuse):
        pass


def test_a_refused_writer_lets_the_readers_it_held_back_go_on() -> None:
    lock = StoreLock()
    refuse_now = threading.Event()
    holding = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]
    writer_waits, reader_waits = threading.Event(), threading.Event()
    reader_inside = threading.Event()
    done: list[str] = []

    def holder(n: int) -> Callable[[], None]:
        def hold() -> None:
            with lock.reading():
                holding[n].set()
                release[n].wait(WAIT_S)
        return hold

    def refuse_writer() -> None:
        writer_waits.set()
        if refuse_now.is_set():
            raise Busy

    def writer() -> None:
        try:
            with lock.writing(refuse_writer):
                done.append("writer")
        except Busy:
            done.append("writer refused")

    def reader() -> None:
        with lock.reading(reader_waits.set):
            reader_inside.set()
            done.append("reader")

    threads = [_in_thread(holder(0)), _in_thread(holder(1))]
    assert all(event.wait(WAIT_S) for event in holding)
    threads.append(_in_thread(writer))
    assert writer_waits.wait(WAIT_S)
    threads.append(_in_thread(reader))
    assert reader_waits.wait(WAIT_S)  # behind the waiting writer
    refuse_now.set()
    release[0].set()  # wakes the writer: refused, it must let the reader in
    assert reader_inside.wait(WAIT_S)  # while the second holder still reads
    release[1].set()
    for thread in threads:
        _joined(thread)
    assert done == ["writer refused", "reader"]
