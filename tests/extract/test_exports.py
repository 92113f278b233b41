"""Disqus, WordPress WXR and Reddit JSON exports."""

from classifier.extract import detect_format, extract, extract_all
from classifier.records import Comment, Reject
from tests.conftest import FIXTURES


def test_formats_are_detected():
    assert detect_format(FIXTURES / "disqus.xml") == "disqus"
    assert detect_format(FIXTURES / "wordpress.xml") == "wxr"
    assert detect_format(FIXTURES / "reddit.json") == "reddit"
    assert detect_format(FIXTURES / "blogger.html") == "blogger"
    assert detect_format(FIXTURES / "comments.csv") == "csv"


def test_disqus_posts_threads_and_parents():
    items = list(extract(FIXTURES / "disqus.xml"))
    comments = [i for i in items if isinstance(i, Comment)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [c.id for c in comments] == ["9001", "9002"]
    first, reply = comments
    assert first.text == "Good news & about time. The crews have worked through winter."
    assert first.article_title == "Council says the new harbour bridge will open on time"
    assert first.author == "Maria K" and first.thread_id == "7001"
    assert (reply.parent_id, reply.parent_text, reply.parent_method) == ("9001", first.text, "export")
    assert reply.position == 2
    assert rejects[0].id == "9003" and "spam" in rejects[0].reason
    assert rejects[0].source.endswith(f"disqus.xml:{39}")


def test_wordpress_comments_with_parents_and_pingbacks_rejected():
    items = list(extract(FIXTURES / "wordpress.xml"))
    comments = [i for i in items if isinstance(i, Comment)]
    assert [(c.id, c.parent_id, c.author) for c in comments] == [("101", None, "Helen"), ("102", "101", "Greg")]
    assert comments[1].parent_text == "Brilliant, this will help so many families."
    assert comments[0].article_title == "School meals to be free for all primary pupils"
    assert comments[0].article_text == "The county will fund free lunches from September."
    assert comments[0].thread_id == "42"
    assert [i.reason for i in items if isinstance(i, Reject)] == ["pingback, not a reader comment"]


def test_reddit_nested_replies_more_stubs_and_deleted():
    result = extract_all([FIXTURES / "reddit.json"], on_error="skip")
    assert [(c.id, c.parent_id) for c in result.comments] == [("c1", None), ("c2", "c1")]
    reply = result.comments[1]
    assert reply.text == "Nicer for who? Deliveries can't reach us."
    assert reply.parent_text.startswith("Finally.")
    assert reply.article_title == "City to ban cars from the old town on Sundays"
    assert reply.timestamp.startswith("2024-03-09")
    reasons = sorted(r.reason for r in result.rejects)
    assert reasons == ["'more' stub: 3 replies not loaded in this dump", "comment body is [deleted]"]
    assert result.read == 4  # nothing disappears: 2 comments + 2 rejects
