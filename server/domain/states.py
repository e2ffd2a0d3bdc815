"""State machines: one per thing with a life (a vote session, a warning, ...), so a state changes in one place.

A transition names the states it leaves from, the state it reaches, the states in which it has already happened
(asking again is then a no-op: every transition is idempotent) and the refusal for every other state. A guard,
when given, is a pure check over facts the caller supplies (e.g. "the two tellers' counts match").
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from server.domain.errors import Conflict


@dataclass(frozen=True)
class Transition:
    """`done`: states in which the action has already happened (the target too, unless the transition may be
    taken again from it, as a report may be sent again)."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    refusal: str
    done: frozenset[str] = frozenset()
    guard: Callable[[dict], str | None] | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "done", frozenset(self.done) | ({self.target} - self.sources))


@dataclass(frozen=True)
class StateMachine:
    """States with their Chinese labels, and the transitions between them."""

    name: str
    states: dict[str, str]
    transitions: tuple[Transition, ...]
    _by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        by_action = {t.action: t for t in self.transitions}
        for t in self.transitions:
            unknown = (t.sources | t.done) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}: unknown states {sorted(unknown)} in {t.action}")
        object.__setattr__(self, "_by_action", by_action)

    def transition(self, action: str) -> Transition:
        return self._by_action[action]

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def apply(self, state: str, action: str, facts: dict | None = None) -> str | None:
        """The state `action` leads to from `state`; None when it has already happened (nothing to do).
        Refused transitions raise Conflict(invalid_transition) with the state in `extra`."""
        t = self._by_action[action]
        if state in t.done:
            return None
        if state not in t.sources:
            raise Conflict(t.refusal.format(state=self.label(state)), code="invalid_transition",
                           extra={"state": state})
        if t.guard is not None:
            problem = t.guard(facts or {})
            if problem:
                raise Conflict(problem, code="transition_blocked", extra={"state": state})
        return t.target

    def can(self, state: str, action: str) -> bool:
        return state in self._by_action[action].sources

    def allowed_actions(self, state: str, actions: Iterable[str] | None = None) -> list[str]:
        """The transitions that may be taken now, in the order they were declared."""
        names = [t.action for t in self.transitions] if actions is None else list(actions)
        return [a for a in names if self.can(state, a)]
