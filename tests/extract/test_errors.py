"""Bad input: clear located errors, and arbitrary bytes never crash a parser."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classifier.errors import InputError
from classifier.extract import ExtractOptions, extract_all
from classifier.extract.blogger import AUTHOR_LINE, FOOTER, TIMESTAMP_LINE, WIDGET_LINES
from classifier.io import write_records, write_rejects
from classifier.text import clean_text
from tests.conftest import FIXTURES


@pytest.mark.parametrize("name,content,expected", [
    ("truncated.json", b'[{"kind": "Listing", "data": {"children": [\n', r"truncated.json:2: invalid JSON"),
    ("broken.xml", b'<?xml version="1.0"?>\n<disqus>\n<post>\n</disqus>\n', r"broken.xml:4: malformed XML"),
    ("latin1.txt", "Title\n\n1 comment:\n\nAnn said...\n\nCaf\xe9\n".encode("latin-1"),
     r"latin1.txt:7: not valid utf-8"),
    ("bad.jsonl", b'{"text": "ok"}\n[1, 2]\n', r"bad.jsonl:2: expected a JSON object"),
])
def test_malformed_files_name_file_and_line(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        extract_all([path])


def test_wrong_encoding_reads_with_the_right_one(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\n1 comment:\n\nAnn said...\n\nCaf\xe9 cr\xe8me\n".encode("latin-1"))
    [comment] = extract_all([path], ExtractOptions(encoding="latin-1")).comments
    assert comment.text == "Café crème"


def test_missing_file():
    with pytest.raises(InputError, match="nowhere.json: no such file"):
        extract_all(["nowhere.json"])


SAMPLES = {"blogger": (FIXTURES / "blogger.html").read_bytes(), "disqus": (FIXTURES / "disqus.xml").read_bytes(),
           "wxr": (FIXTURES / "wordpress.xml").read_bytes(), "reddit": (FIXTURES / "reddit.json").read_bytes(),
           "csv": b"id,text,parent_id\n1,Hello,\n2,There,1\n3, ,1\n",
           "jsonl": b'{"id": "1", "text": "Hello"}\n{"id": "2", "text": "There", "parent_id": "1"}\n{"text": ""}\n'}


@st.composite
def dumps(draw):
    """A format, and random bytes or a sample dump of that format with a random stretch replaced."""
    fmt = draw(st.sampled_from(sorted(SAMPLES)))
    if draw(st.booleans()):
        return fmt, draw(st.binary(max_size=400))
    sample = SAMPLES[fmt]
    start = draw(st.integers(0, len(sample)))
    end = draw(st.integers(start, min(len(sample), start + 40)))
    return fmt, sample[:start] + draw(st.binary(max_size=40)) + sample[end:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dump=dumps())
def test_arbitrary_bytes_never_crash_a_parser(tmp_path, dump):
    fmt, data = dump
    path = tmp_path / f"dump.{fmt}"
    path.write_bytes(data)
    try:
        result = extract_all([path], ExtractOptions(format=fmt), on_error="skip")
    except InputError as error:
        assert error.path == str(path) and error.message
    else:
        for comment in result.comments:
            assert comment.text.strip() and comment.id and comment.thread_id
            assert comment.source.startswith(f"{path}:") and comment.position >= 1
        assert all(r.reason and r.source.startswith(str(path)) for r in result.rejects)
        write_records(tmp_path / "out.jsonl", result.comments)  # whatever was read can be written
        write_rejects(tmp_path / "out.rejects.jsonl", result.rejects)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300))
def test_arbitrary_comment_text_in_a_blogger_page(tmp_path, body):
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assume(not any(AUTHOR_LINE.match(line) or FOOTER.match(line) or TIMESTAMP_LINE.match(line)
                   or line.strip().lower() in WIDGET_LINES for line in lines))
    path = tmp_path / "page.txt"
    path.write_text(f"Title\n\n1 comment:\n\nAnn said...\n\n{body}\n", encoding="utf-8")
    result = extract_all([path], on_error="skip")
    if clean_text(body):
        [comment] = result.comments
        assert (comment.author, comment.text, result.rejects) == ("Ann", clean_text(body), [])
    else:
        assert result.comments == [] and [r.reason for r in result.rejects] == ["empty comment"]


def test_undecodable_bytes_are_located_in_the_bytes_already_read_not_by_reading_the_file_again(tmp_path, monkeypatch):
    import classifier.io
    from classifier.extract.source import read_text

    def read_again(*args):
        raise AssertionError("read the file a second time (a pipe cannot be)")

    monkeypatch.setattr(classifier.io, "undecodable_line", read_again)
    path = tmp_path / "dump.txt"
    path.write_bytes("Title\n\nAnn said...\n\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"dump.txt:5: not valid utf-8"):
        read_text(path)
    path.write_bytes(b"\xef\xbb\xbf" + "Title\n\n\xe9\n".encode("latin-1"))  # the mark is not counted
    with pytest.raises(InputError, match=r"dump.txt:3: not valid utf-8"):
        read_text(path)
