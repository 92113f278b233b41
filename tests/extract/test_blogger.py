from classifier.extract import ExtractOptions, extract, extract_all
from classifier.records import Comment, Reject
from tests.conftest import FIXTURES, SEED, need


def test_seed_thread_yields_eight_comments_in_order():
    comments = list(extract(need(SEED)))
    assert all(isinstance(c, Comment) for c in comments)  # the "8 comments:" count check passed
    assert [c.author for c in comments] == [
        "Anonymous", "Bob Huntley", "Anonymous", "B.Poster",
        "Anonymous", "Anonymous", "Bob Huntley", "Anonymous",
    ]
    assert [c.position for c in comments] == list(range(1, 9))
    assert comments[0].article_title == "U.S. Would Regard A Cyberattack On Japan As An 'Armed Attack'"
    assert comments[0].article_text.startswith("From left: Japan")
    assert comments[1].text == "Doublespeak from 1984."
    assert comments[-1].text == "Many Russians proudly post under their own name.\nHow come you do not Robert?"
    assert comments[3].source == f"{SEED}:38"  # the "B.Poster said..." line


def test_seed_replies_are_inferred_with_their_method():
    comments = list(extract(need(SEED)))
    parents = {c.position: (c.parent_id, c.parent_method) for c in comments}
    stem = SEED.stem
    assert parents[4] == (f"{stem}-c1", "address")   # "Anon (9:16AM)," answering the first comment
    assert parents[6] == (f"{stem}-c2", "quote")     # quotes "Doublespeak from 1984."
    assert parents[7] == (f"{stem}-c6", "quote")     # quotes the St Petersburg line
    assert parents[8] == (f"{stem}-c7", "name")      # "Robert" is Bob Huntley
    assert parents[1] == (None, None)
    assert comments[6].parent_text.startswith("Doublespeak from 1984.\nSays the troll.")


def test_html_page_with_timestamps_and_entities():
    comments = list(extract(FIXTURES / "blogger.html"))
    assert [c.author for c in comments] == ["Anonymous", "Jim Parry"]
    assert comments[0].article_title == "Ferry fares to rise by ten percent"
    assert comments[0].timestamp == "June 3, 2024 at 9:16 AM"
    assert comments[1].text == 'Anon (9:16 AM),\nThey did, and the fares still "must" rise.'
    assert (comments[1].parent_id, comments[1].parent_method) == (comments[0].id, "address")


def test_count_mismatch_is_reported_at_the_header(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Title\n\nBody.\n\n3 comments:\n\nAnn said...\n\nHi.\n\nBo said...\n\nHello.\n")
    items = list(extract(page))
    assert [type(i) for i in items] == [Comment, Comment, Reject]
    assert items[-1].source == f"{page}:5"
    assert "header says 3 comments but 2 were found" in items[-1].reason


def test_page_without_comment_section_has_no_comments():
    seeds = SEED.parent
    need(seeds)
    assert extract_all(sorted(seeds.glob("00[0-2]*.txt")), ExtractOptions()).comments == []
