"""item: system rows and Sponsored InMail; HTML character references decoded in stored text

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

``item.system`` marks a row LinkedIn wrote itself, from no one ("… left the conversation",
"Message request accepted"): kept in its thread, never judged. ``item.sponsored`` marks a
LinkedIn ad (a "Sponsored Conversation", or an unfilled ``%FIRSTNAME%`` from a sender without
a profile URL). Both are set on the items already stored, by the rules the importer now uses.

The importer now also decodes HTML character references in plain text (``I&rsquo;d`` is
``I’d``). Text stored before is decoded the same way here, and the natural keys built from it
are rebuilt, so that importing the same export again still adds nothing. Public item ids do
not change. The rules are copied, not imported: a migration must keep doing what it did when
it was written, whatever the importer does later.
"""

import hashlib
import html
import json
import re
import unicodedata
from datetime import UTC, datetime
from html.entities import html5
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_GROUP = r"(?:conversation|group(?: chat| conversation)?|chat|thread)"
_SYSTEM_RE = re.compile(
    rf"(?:.{{1,120}}\s)?(?:has\s)?(?:left|joined)(?:\sthe\s{_GROUP})?"
    rf"|.{{1,120}}\s(?:has\s)?added\s.{{1,200}}?(?:\sto\sthe\s{_GROUP})?"
    rf"|.{{1,120}}\s(?:has\s)?removed\s.{{1,200}}?(?:\sfrom\sthe\s{_GROUP})?"
    rf"|(?:.{{1,120}}\s)?(?:has\s)?(?:changed|renamed|named|updated)\sthe\s{_GROUP}"
    rf"(?:\s(?:name|title))?(?:\sto\s.{{1,200}})?"
    r"|(?:the\s|this\s|your\s)?message\srequest\s(?:was\s|has\sbeen\s)?"
    r"(?:accepted|declined)(?:\sby\s.{1,120})?"
    r"|.{1,120}\s(?:has\s)?(?:accepted|declined)\s(?:your|the|a|their|this)\smessage\srequest",
    re.IGNORECASE,
)
_SYSTEM_MAX_CHARS = 240
_PLACEHOLDER_RE = re.compile(r"%[A-Za-z][A-Za-z_]{2,30}%")
_SPACE_RUN_RE = re.compile(r"\s+")
_DROP_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

item = sa.table(
    "item", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer),
    sa.column("natural_key", sa.String), sa.column("kind", sa.String),
    sa.column("direction", sa.String), sa.column("conversation_id", sa.String),
    sa.column("conversation_title", sa.Text), sa.column("sender_name", sa.String),
    sa.column("sender_url", sa.String), sa.column("sender_key", sa.String),
    sa.column("recipients_json", sa.Text), sa.column("sent_at", sa.DateTime),
    sa.column("subject", sa.Text), sa.column("text", sa.Text), sa.column("html", sa.Text),
    sa.column("system", sa.Boolean), sa.column("sponsored", sa.Boolean),
)
post = sa.table(
    "post", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer),
    sa.column("natural_key", sa.String), sa.column("posted_at", sa.DateTime),
    sa.column("url", sa.String), sa.column("text", sa.Text), sa.column("is_comment", sa.Boolean),
)
relation = sa.table(
    "relation", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer),
    sa.column("natural_key", sa.String), sa.column("kind", sa.String),
    sa.column("direction", sa.String), sa.column("person_key", sa.String),
    sa.column("person_name", sa.String), sa.column("detail", sa.Text),
)
connection = sa.table(
    "connection", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer),
    sa.column("natural_key", sa.String), sa.column("person_key", sa.String),
    sa.column("first_name", sa.String), sa.column("last_name", sa.String),
    sa.column("profile_url", sa.String), sa.column("email", sa.String),
    sa.column("company", sa.String), sa.column("position", sa.String),
    sa.column("hidden", sa.Boolean),
)


def upgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("system", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("sponsored", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    conn = op.get_bind()
    _decode_items(conn)
    _decode_posts(conn)
    _decode_relations(conn)
    _decode_connections(conn)
    _mark_items(conn)


def downgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_column("sponsored")
        batch_op.drop_column("system")


# -- the rules, as the importer had them at this revision ------------------------------------

def _reference(match: re.Match[str]) -> str:
    reference = match.group()
    if reference[1] == "#":
        return html.unescape(reference)
    return html5.get(reference[1:], reference)


def _decoded(value: str | None, *, line: bool = False) -> str | None:
    """``value`` with its references decoded, then tidied as the importer tidies text."""
    if not value or "&" not in value:
        return value
    decoded = _ENTITY_RE.sub(_reference, value)
    if decoded == value:
        return value
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    decoded = _DROP_RE.sub("", _SURROGATE_RE.sub("\ufffd", decoded))
    decoded = unicodedata.normalize("NFC", decoded).strip()
    return _SPACE_RUN_RE.sub(" ", decoded) if line else decoded


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _name_key(name: str) -> str:
    return "name:" + " ".join(name.lower().split())


def _iso(moment: datetime | None) -> str:
    return moment.replace(tzinfo=UTC).isoformat() if moment is not None else ""


def _has_reference(*columns: Any) -> Any:
    return sa.or_(*(sa.func.instr(column, "&") > 0 for column in columns))


class _Keys:
    """The natural keys of one table per owner, so a rebuilt key never takes another's."""

    def __init__(self, conn: sa.Connection, table: Any) -> None:
        self.taken = {(r.owner_id, r.natural_key) for r in conn.execute(
            sa.select(table.c.owner_id, table.c.natural_key))}

    def move(self, owner_id: int, old: str, new: str) -> str:
        if new == old or (owner_id, new) in self.taken:
            return old
        self.taken.discard((owner_id, old))
        self.taken.add((owner_id, new))
        return new


def _update(conn: sa.Connection, table: Any, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        pk = change.pop("id")
        conn.execute(sa.update(table).where(table.c.id == pk).values(**change))


# -- decoding what was stored ----------------------------------------------------------------

def _decode_items(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(item).where(_has_reference(
        item.c.text, item.c.subject, item.c.conversation_title, item.c.sender_name,
        item.c.recipients_json))).all()
    if not rows:
        return
    keys = _Keys(conn, item)
    changes = []
    for r in rows:
        # An HTML body's text came from an HTML parser, which had decoded it already.
        text = r.text if r.html is not None else _decoded(r.text)
        name = _decoded(r.sender_name, line=True) or ""
        sender_key = r.sender_url or _name_key(name)
        recipients = json.loads(r.recipients_json)
        for person in recipients:
            person["name"] = _decoded(person.get("name"), line=True) or ""
        values = {"text": text, "subject": _decoded(r.subject, line=True),
                  "conversation_title": _decoded(r.conversation_title, line=True),
                  "sender_name": name, "sender_key": sender_key}
        if all(values[k] == getattr(r, k) for k in values) and \
                recipients == json.loads(r.recipients_json):
            continue
        if r.kind == "message":
            key = _digest("message", r.conversation_id, sender_key, _iso(r.sent_at), _sha(text))
        else:
            to = recipients[0] if recipients else {}
            key = _digest("invitation", r.direction, sender_key,
                          to.get("profile_url") or _name_key(to.get("name") or ""),
                          _iso(r.sent_at))
        changes.append({"id": r.id, **values,
                        "recipients_json": json.dumps(recipients, ensure_ascii=False),
                        "natural_key": keys.move(r.owner_id, r.natural_key, key)})
    _update(conn, item, changes)


def _decode_posts(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(post).where(_has_reference(post.c.text, post.c.url))).all()
    if not rows:
        return
    keys = _Keys(conn, post)
    changes = []
    for r in rows:
        text, url = _decoded(r.text) or "", _decoded(r.url, line=True) or ""
        if (text, url) == (r.text, r.url):
            continue
        key = _digest(bool(r.is_comment), url, _iso(r.posted_at), _sha(text))
        changes.append({"id": r.id, "text": text, "url": url,
                        "natural_key": keys.move(r.owner_id, r.natural_key, key)})
    _update(conn, post, changes)


def _decode_relations(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(relation).where(
        _has_reference(relation.c.detail, relation.c.person_name))).all()
    if not rows:
        return
    keys = _Keys(conn, relation)
    changes = []
    for r in rows:
        line = r.kind == "endorsement"  # a skill's name; the others are free text
        detail = _decoded(r.detail, line=line) or ""
        name = _decoded(r.person_name, line=True) or ""
        if (detail, name) == (r.detail, r.person_name):
            continue
        person_key = _name_key(name) if r.person_key.startswith("name:") else r.person_key
        if r.kind == "endorsement":
            key = _digest("endorsement", r.direction, person_key, detail)
        elif r.kind == "recommendation":
            key = _digest("recommendation", r.direction, person_key, _sha(detail))
        elif r.kind == "note":
            key = _digest("note", person_key, _sha(detail))
        else:
            key = r.natural_key
        changes.append({"id": r.id, "detail": detail, "person_name": name,
                        "person_key": person_key,
                        "natural_key": keys.move(r.owner_id, r.natural_key, key)})
    _update(conn, relation, changes)


def _decode_connections(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(connection).where(_has_reference(
        connection.c.first_name, connection.c.last_name, connection.c.company,
        connection.c.position))).all()
    if not rows:
        return
    keys = _Keys(conn, connection)
    changes = []
    for r in rows:
        values = {column: _decoded(getattr(r, column), line=True) or ""
                  for column in ("first_name", "last_name", "company", "position")}
        if all(values[k] == getattr(r, k) for k in values):
            continue
        if not r.hidden and not r.profile_url:
            name = " ".join(p for p in (values["first_name"], values["last_name"]) if p)
            values["person_key"] = _name_key(name)
            values["natural_key"] = keys.move(r.owner_id, r.natural_key,
                                              _digest(values["person_key"]))
        changes.append({"id": r.id, **values})
    _update(conn, connection, changes)


# -- system rows and ads ---------------------------------------------------------------------

def _mark_items(conn: sa.Connection) -> None:
    blank = conn.execute(sa.select(item.c.id, item.c.text).where(
        item.c.kind == "message", item.c.sender_name == "", item.c.sender_url.is_(None))).all()
    system = [r.id for r in blank if len(r.text) <= _SYSTEM_MAX_CHARS and "\n" not in r.text
              and _SYSTEM_RE.fullmatch(r.text.rstrip(".!")) is not None]
    candidates = conn.execute(sa.select(
        item.c.id, item.c.conversation_title, item.c.sender_url, item.c.subject, item.c.text)
        .where(item.c.kind == "message", item.c.direction == "incoming",
               sa.or_(item.c.conversation_title != "", item.c.sender_url.is_(None)))).all()
    sponsored = [r.id for r in candidates
                 if " ".join(r.conversation_title.casefold().split()) == "sponsored conversation"
                 or (r.sender_url is None and (_PLACEHOLDER_RE.search(r.text) is not None
                                               or _PLACEHOLDER_RE.search(r.subject) is not None))]
    for column, ids in (("system", system), ("sponsored", sponsored)):
        for start in range(0, len(ids), 500):
            conn.execute(sa.update(item).where(item.c.id.in_(ids[start:start + 500]))
                         .values({column: True}))
