"""Bad input: clear located errors, and arbitrary bytes never crash a parser."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.errors import InputError
from classifier.extract import FORMATS, ExtractOptions, extract_all
from classifier.records import Comment, Reject


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), fmt=st.sampled_from([f for f in FORMATS if f != "parquet"]))
def test_arbitrary_bytes_never_crash_a_parser(tmp_path, data, fmt):
    path = tmp_path / f"dump.{fmt}"
    path.write_bytes(data)
    try:
        result = extract_all([path], ExtractOptions(format=fmt), on_error="skip")
    except InputError as error:
        assert str(error).startswith(str(path))
    else:
        assert all(isinstance(c, Comment) for c in result.comments)
        assert all(isinstance(r, Reject) for r in result.rejects)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300))
def test_arbitrary_comment_text_in_a_blogger_page(tmp_path, body):
    path = tmp_path / "page.txt"
    path.write_text(f"Title\n\n1 comment:\n\nAnn said...\n\n{body}\n", encoding="utf-8")
    result = extract_all([path], on_error="skip")
    assert result.read >= 1
