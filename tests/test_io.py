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
