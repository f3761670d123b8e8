"""What an import summary counts: per kind, what the store holds for an owner and what the
import added.

Owns: ``ImportCounts`` and the counting queries. Every number is read from the store (or
from the owner's stored profile), not from the export: the rows an export repeats are stored
once, drafts are never stored, so counting the export's rows would say more than is there.
Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, distinct, func, select

from seedbed.model import Direction, Kind, Profile
from seedbed.store import tables as t

# The kinds an import summary lists, in the order it lists them. "messages in" are the
# messages people sent the owner, ads among them; "system rows" are LinkedIn's own lines in
# threads ("… left the conversation"), neither in nor out.
KINDS = ("connections", "invitations in", "invitations out", "conversations", "messages in",
         "messages out", "ads", "system rows", "articles", "posts", "comments",
         "endorsements", "recommendations", "notes", "positions", "education", "skills")


@dataclass
class ImportCounts:
    """Per kind (``KINDS``): ``total``, the rows the store holds for the owner after the
    import; ``new``, the rows this import added; and ``merged``, per table, the rows of the
    export that repeated another of its rows and were stored once. ``new["items"]`` is the
    number of invitations and messages added."""

    total: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    merged: dict[str, int] = field(default_factory=dict)


def stored(conn: Connection, owner_id: int | None, profile: Profile | None) -> dict[str, int]:
    """How many rows of each kind the store holds for the owner (nothing for None)."""
    counts = dict.fromkeys(KINDS, 0)
    if owner_id is None:
        return counts
    item = t.item.c
    for kind, direction, system, sponsored, n in conn.execute(
            select(item.kind, item.direction, item.system, item.sponsored, func.count())
            .where(item.owner_id == owner_id)
            .group_by(item.kind, item.direction, item.system, item.sponsored)):
        if kind == Kind.INVITATION.value:
            name = "invitations in" if direction == Direction.INCOMING.value else \
                "invitations out"
        elif system:
            name = "system rows"
        else:
            name = "messages in" if direction == Direction.INCOMING.value else "messages out"
            if sponsored:
                counts["ads"] += n
        counts[name] += n
    counts["conversations"] = conn.execute(
        select(func.count(distinct(item.conversation_id)))
        .where(item.owner_id == owner_id, item.kind == Kind.MESSAGE.value)).scalar_one()
    counts["connections"] = _count(conn, t.connection, owner_id)
    counts["articles"] = _count(conn, t.article, owner_id)
    for is_comment, n in conn.execute(select(t.post.c.is_comment, func.count())
                                      .where(t.post.c.owner_id == owner_id)
                                      .group_by(t.post.c.is_comment)):
        counts["comments" if is_comment else "posts"] += n
    for kind, n in conn.execute(select(t.relation.c.kind, func.count())
                                .where(t.relation.c.owner_id == owner_id)
                                .group_by(t.relation.c.kind)):
        key = {"endorsement": "endorsements", "recommendation": "recommendations",
               "note": "notes"}.get(kind)
        if key is not None:
            counts[key] += n
    if profile is not None:
        for name, values in _profile_parts(profile).items():
            counts[name] = sum(values.values())
    return counts


def between(before: dict[str, int], after: dict[str, int], old: Profile | None,
            new: Profile) -> ImportCounts:
    """The counts of an import that found ``before`` and left ``after`` in the store.

    Table rows are only ever added, so what is new is the difference. The profile is
    replaced whole by each import: what is new there is what the old profile did not have.
    """
    counts = ImportCounts(total=dict(after))
    counts.new = {kind: max(0, after[kind] - before[kind]) for kind in KINDS}
    old_parts = _profile_parts(old) if old is not None else {}
    for name, values in _profile_parts(new).items():
        counts.new[name] = sum((values - old_parts.get(name, Counter())).values())
    return counts


def _profile_parts(profile: Profile) -> dict[str, Counter[Hashable]]:
    parts: dict[str, tuple[Hashable, ...]] = {
        "positions": profile.positions, "education": profile.education,
        "skills": profile.skills}
    return {name: Counter(values) for name, values in parts.items()}


def _count(conn: Connection, table: Table, owner_id: int) -> int:
    return int(conn.execute(select(func.count()).select_from(table)
                            .where(table.c.owner_id == owner_id)).scalar_one())
