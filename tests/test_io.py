import json

import pytest

from classifier.errors import InputError
from classifier.io import from_dataset, read_records, to_dataset, write_records
from classifier.records import Comment

RECORDS = [
    Comment(id="1", thread_id="t", text="Ça va? «Guillemets» 😀\nSecond line", position=1, author="Zoë",
            article_title="Title", source="dump.xml:3"),
    Comment(id="2", thread_id="t", text='He said "no", then left.', position=2, parent_id="1",
            parent_text="Ça va?", parent_method="quote", label="sceptical", label_source="model",
            confidence=0.8, scores={"sceptical": 0.8, "other": 0.2}, model="m@abc"),
]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_records_round_trip(tmp_path, suffix):
    path = tmp_path / f"records{suffix}"
    assert write_records(path, RECORDS) == 2
    assert list(read_records(path)) == RECORDS


def test_dataset_round_trip_is_lossless():
    dataset = to_dataset(RECORDS)
    assert dataset.num_rows == 2 and "p_sceptical" in dataset.column_names
    assert from_dataset(dataset) == RECORDS


def test_malformed_csv_row_names_its_line(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text("id,thread_id,text\n1,t,fine\n2,t,too,many,fields\n")
    with pytest.raises(InputError, match=r"records.csv:3: row has more fields than the header"):
        list(read_records(path))


def test_wrong_output_suffix(tmp_path):
    with pytest.raises(InputError, match="output must end in .jsonl, .csv or .parquet"):
        write_records(tmp_path / "records.txt", RECORDS)


@pytest.mark.parametrize("rows, line", [("1,t,fine\n2,t,\"never closed\n3,t,swallowed\n", 3),
                                       ("1,t,\"never closed\n2,t,swallowed\n", 2)])
def test_a_csv_quote_never_closed_is_an_error_not_the_rest_of_the_file(tmp_path, rows, line):
    path = tmp_path / "records.csv"
    path.write_text("id,thread_id,text\n" + rows)
    with pytest.raises(InputError, match=rf"records.csv:{line}: malformed CSV: a quoted field opened on this line "
                                         r"is never closed, so the rest of the file could not be read"):
        list(read_records(path))


@pytest.mark.parametrize("row, reason", [
    ('{"id": "1", "thread_id": "t", "text": null}', "its text is empty"),
    ('{"id": "1", "thread_id": "t", "text": ""}', "its text is empty"),
    ('{"id": "1", "thread_id": "t", "text": 7}', "'text' is a number, not text"),
    ('{"id": "1", "thread_id": "t", "text": "ok", "parent_text": ["a"]}', "'parent_text' is a list, not text"),
    ('{"id": "1", "thread_id": "t", "text": "ok", "label": 3}', "'label' is a number, not text"),
])
def test_a_record_whose_text_is_not_text_names_its_line(tmp_path, row, reason):
    path = tmp_path / "records.ndjson"
    path.write_text('{"id": "0", "thread_id": "t", "text": "fine"}\n' + row + "\n")
    with pytest.raises(InputError, match=rf"records.ndjson:2: not a comment record: {reason}"):
        list(read_records(path))


def test_utf16_without_a_byte_order_mark_is_named(tmp_path):
    from classifier.io import read_rows

    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"id": "1", "thread_id": "t", "text": "x"}\n')
    with pytest.raises(InputError, match=r"records.jsonl:1: cannot decode as utf-16 .*; pass --encoding"):
        list(read_rows(path, encoding="utf-16"))


def test_a_records_file_that_is_not_utf8_asks_for_utf8_not_for_an_option_its_readers_lack(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes('{"id": "1", "thread_id": "t", "text": "ok"}\n{"id": "2", "thread_id": "t", "text": "caf\u00e9"}\n'
                     .encode("latin-1"))
    with pytest.raises(InputError, match=r"records.jsonl:2: not valid UTF-8 \(invalid continuation byte\); "
                                         r"convert it to UTF-8$"):
        list(read_records(path))


def test_a_parquet_file_damaged_inside_names_the_rows_it_could_not_read(tmp_path):
    path = tmp_path / "records.parquet"
    write_records(path, RECORDS)
    data = bytearray(path.read_bytes())
    data[4:120] = bytes(116)  # the first pages; the footer still reads
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"records.parquet:1: damaged Parquet file, rows after 0 unreadable"):
        list(read_records(path))


def test_a_csv_without_rows_still_has_its_header(tmp_path):
    from classifier.io import RowWriter, read_rows

    path = tmp_path / "scores.csv"
    with RowWriter(path, ["id", "label", "p_other"]) as writer:
        writer.write([])
    assert path.read_text().strip() == "id,label,p_other"
    assert list(read_rows(path)) == []


def test_metrics_json_writes_a_missing_figure_as_null_for_strict_readers():
    import numpy as np

    from classifier.io import metrics_json

    text = metrics_json({"macro_f1": np.float64(0.5), "per_class": {"troll": float("nan")}, "runs": [np.nan, 1]})
    assert json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON")) == {
        "macro_f1": 0.5, "per_class": {"troll": None}, "runs": [None, 1]}
