from classifier.labels import LabelScheme
from classifier.records import Comment
from training.data import class_weights, split_by_thread


def comments(threads=20, per_thread=5):
    return [Comment(id=f"{t}-{i}", thread_id=f"t{t}", text="x", label=["supportive", "other"][i % 2])
            for t in range(threads) for i in range(per_thread)]


def test_split_keeps_threads_whole_and_is_seedable():
    data = comments()
    splits = split_by_thread(data, dev_size=0.2, test_size=0.2, seed=3)
    threads = {name: {c.thread_id for c in part} for name, part in splits.items()}
    assert not (threads["train"] & threads["dev"] or threads["train"] & threads["test"] or threads["dev"] & threads["test"])
    assert sum(len(p) for p in splits.values()) == len(data)
    assert len(threads["test"]) == 4 and len(threads["dev"]) == 4
    assert split_by_thread(data, 0.2, 0.2, seed=3) == splits
    assert split_by_thread(data, 0.2, 0.2, seed=4) != splits


def test_single_thread_goes_to_train():
    splits = split_by_thread(comments(threads=1), 0.2, 0.2, seed=0)
    assert len(splits["train"]) == 5 and not splits["dev"] and not splits["test"]


def test_class_weights_are_balanced():
    data = [Comment(id=str(i), thread_id="t", text="x", label="other" if i < 6 else "sceptical") for i in range(8)]
    weights = class_weights(data, LabelScheme())
    assert weights[1] == 2.0 and abs(weights[3] - 8 / 12) < 1e-9 and weights[0] == 1.0
