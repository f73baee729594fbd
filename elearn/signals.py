"""Helpers for the signals by which a lower layer reaches the features above it."""

from blinker import Signal


def anyone_agrees(signal: Signal, sender, **kwargs) -> bool:
    """Ask the features above: True when any receiver of ``signal`` answers True."""
    return any(answer for _receiver, answer in signal.send(sender, **kwargs))
