"""Steps of one conversation never make a campaign; clause-filled templates still join."""

from __future__ import annotations

from seedbed.campaign.cluster import CampaignIndex, IndexState
from seedbed.campaign.fingerprint import LSH_ROWS, Fingerprint, fingerprint
from seedbed.campaign.frame import frame_key, frame_match
from seedbed.campaign.skeleton import MaskContext
from seedbed.campaign.verify import verify

STEP_ONE = (
    "Hi {name}, I noticed {company} is growing its operations team. We help logistics companies "
    "like yours cut invoice reconciliation time in half with automated matching. Would you be "
    "open to a short call next week to see if it fits? Best regards, Sam"
)
# The second step of the same sequence: same sender, same sign-off, much the same pitch.
STEP_TWO = (
    "Hi {name}, just following up on my note. We help logistics companies like yours cut "
    "invoice reconciliation time in half with automated matching, and {company} looks like a "
    "great fit. Would you be open to a short call next week to see if it fits? Best regards, Sam"
)
# A template whose fills are whole clauses: a guide's subject, its address, a project.
GUIDE = (
    "Hey {name}, I wrote a guide on {topic}: {url} I saw you are working on {project} "
    "and thought you might find it useful."
)
GUIDE_FILLS = [
    {"name": "Ilse", "url": "https://example.org/guide-1",
     "topic": "choosing lab notebooks for groups that keep huge instrument files and shared drives",
     "project": "moving the paper records of your polymer group into one searchable archive"},
    {"name": "Tomas", "url": "https://example.net/g2",
     "topic": "recruiting bilingual participants for usability studies when the budget is tiny",
     "project": "remote interviews with freelance designers across southern Europe"},
]


def _note(text: str, name: str, company: str = "Nordlys Freight") -> Fingerprint:
    ctx = MaskContext.build(names=[name], companies=[company])
    return fingerprint(text.format(name=name, company=company), ctx)


def _guide(k: int) -> Fingerprint:
    fill = GUIDE_FILLS[k]
    return fingerprint(GUIDE.format(**fill), MaskContext.build(names=[fill["name"]]))


def test_two_steps_of_one_conversation_are_not_one_campaign() -> None:
    one, two = _note(STEP_ONE, "Anna"), _note(STEP_TWO, "Anna")
    assert verify(one.skeleton, two.skeleton)  # they would join without the thread
    index = CampaignIndex()
    index.add("step1", one, thread="owner1/conv1")
    assert index.add("step2", two, thread="owner1/conv1") is None
    assert index.campaigns() == {}


def test_the_same_steps_in_two_conversations_do_join() -> None:
    index = CampaignIndex()
    index.add("step1", _note(STEP_ONE, "Anna"), thread="owner1/conv1")
    assert index.add("step2", _note(STEP_TWO, "Anna"), thread="owner1/conv2") is not None


def test_batch_never_puts_two_items_of_one_thread_in_a_campaign() -> None:
    index = CampaignIndex()
    items = [("a", _note(STEP_ONE, "Anna")), ("b", _note(STEP_ONE, "Kofi")),
             ("c", _note(STEP_TWO, "Kofi"))]
    index.build(items, threads={"a": "owner1/x", "b": "owner2/y", "c": "owner2/y"})
    key = index.campaign_of("b")
    assert key is not None
    assert index.campaign_of("c") != key


def test_batch_prefers_the_exact_copy_over_a_sibling_step_of_the_same_thread() -> None:
    # b copies a's template; c (b's conversation) is only a sibling of it, and meets a
    # first: it shares a's first LSH band (and, sorted by position, sits between a and b
    # there), while a and b meet in the later bands. a and b still form the campaign.
    a, b, c = _note(STEP_ONE, "Anna"), _note(STEP_ONE, "Kofi"), _note(STEP_TWO, "Kofi")
    assert a.values.tobytes() == b.values.tobytes()
    assert verify(a.skeleton, c.skeleton)
    values = c.values.copy()
    values[:LSH_ROWS] = a.values[:LSH_ROWS]
    c = Fingerprint(c.skeleton, c.exact, values.astype("<u4").tobytes())
    index = CampaignIndex()
    index.build([("a", a), ("c", c), ("b", b)],
                threads={"a": "owner1/x", "b": "owner2/y", "c": "owner2/y"})
    assert index.campaign_of("a") is not None
    assert index.campaign_of("a") == index.campaign_of("b")
    assert index.campaign_of("c") is None


def test_restored_index_still_keeps_steps_of_one_thread_apart() -> None:
    index = CampaignIndex()
    index.add("step1", _note(STEP_ONE, "Anna"), thread="owner1/conv1")
    index.add("other", _note(STEP_ONE, "Kofi"), thread="owner2/conv7")
    restored = CampaignIndex.restore(index.state())
    assert restored.add("step2", _note(STEP_TWO, "Anna"), thread="owner1/conv1") is None


def test_state_without_threads_restores_as_before() -> None:
    index = CampaignIndex()
    index.add("a", _note(STEP_ONE, "Anna"))
    index.add("b", _note(STEP_ONE, "Kofi"))
    state = index.state()
    assert state.threads is None
    old = IndexState(state.item_ids, state.skeletons, state.digests, state.parents)
    assert CampaignIndex.restore(old).campaigns() == index.campaigns()


def test_clause_filled_template_pair_joins_through_its_frame() -> None:
    one, two = _guide(0), _guide(1)
    assert not verify(one.skeleton, two.skeleton)  # too little in common for the first channel
    index = CampaignIndex()
    index.add("g1", one)
    assert index.add("g2", two) is not None


def test_clause_filled_template_pair_joins_in_the_batch_too() -> None:
    index = CampaignIndex()
    index.build([("g1", _guide(0)), ("g2", _guide(1))])
    assert index.campaign_of("g1") is not None
    assert index.campaign_of("g1") == index.campaign_of("g2")


def test_notes_sharing_only_greeting_and_closing_are_no_frame() -> None:
    a = _note("Hi {name}, I enjoyed the talk on battery recycling at the Oslo meetup, "
              "the part on black mass pricing was new to me. Would love to connect!", "Anna")
    b = _note("Hi {name}, I read your post about hiring junior data engineers in smaller "
              "towns, it matched what we see at our firm. Would love to connect!", "Kofi")
    assert frame_key(a.skeleton) == frame_key(b.skeleton)
    assert frame_match(a.skeleton, b.skeleton) == 0.0
    index = CampaignIndex()
    index.build([("a", a), ("b", b)])
    assert index.campaigns() == {}


def test_a_shared_postscript_does_not_merge_two_campaigns() -> None:
    # Late members of two templates carry the same opening, stock phrase and a long P.S.:
    # they share a frame, but the campaigns' founding notes do not, so nothing merges.
    ps = " Would you like to hear more? P.S. great talk in Bergen last spring. Cheers, Sam"
    first = ("Hi {name}, I noticed your warehouse still plans picking routes by hand. We "
             "replaced spreadsheets for three freight firms with route software in a week and "
             "cut walking time by a third.")
    second = ("Hi {name}, I noticed the new bakery line your team announced. We train "
              "packaging crews on shrink wrap machines in two days and have cut film waste "
              "for regional bakeries in a week.")
    founders = [("a1", _note(first + " Cheers, Sam", "Anna")),
                ("b1", _note(second + " Cheers, Sam", "Kofi"))]
    late = [("a2", _note(first + ps, "Marta")), ("b2", _note(second + ps, "Jonas"))]
    assert not verify(late[0][1].skeleton, late[1][1].skeleton)
    assert frame_match(late[0][1].skeleton, late[1][1].skeleton) > 0.0
    assert frame_match(founders[0][1].skeleton, founders[1][1].skeleton) == 0.0
    index = CampaignIndex()
    index.build(founders + late)
    assert index.campaign_of("a1") is not None and index.campaign_of("b1") is not None
    assert index.campaign_of("a1") == index.campaign_of("a2")
    assert index.campaign_of("a1") != index.campaign_of("b1")


def test_threads_of_one_item_each_change_nothing_in_the_batch() -> None:
    # Every cold message opens its own conversation: such threads can never meet themselves,
    # so the batch links them as if they had none (and does not hold their pairs back).
    items = [("a", _note(STEP_ONE, "Anna")), ("b", _note(STEP_ONE, "Kofi")),
             ("c", _note(STEP_TWO, "Marta")), ("d", _note(STEP_TWO, "Jonas")),
             ("g0", _guide(0)), ("g1", _guide(1))]
    plain, threaded = CampaignIndex(), CampaignIndex()
    plain.build(items)
    threaded.build(items, threads={item: f"owner/{item}" for item, _ in items})
    assert threaded.campaigns() == plain.campaigns()
    assert len(plain.campaigns()) >= 2
