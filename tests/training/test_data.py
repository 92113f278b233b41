from classifier.labels import LabelScheme
from classifier.records import Comment
from training.data import class_weights, split_by_thread, weight_sources


def comments(threads=20, per_thread=5):
    return [Comment(id=f"{t}-{i}", thread_id=f"t{t}", text="x", label=["supportive", "other"][i % 2])
            for t in range(threads) for i in range(per_thread)]


def test_split_keeps_threads_whole_and_is_seedable():
    data = comments(threads=400, per_thread=2)
    splits = split_by_thread(data, dev_size=0.2, test_size=0.2, seed=3)
    threads = {name: {c.thread_id for c in part} for name, part in splits.items()}
    assert not (threads["train"] & threads["dev"] or threads["train"] & threads["test"] or threads["dev"] & threads["test"])
    assert sum(len(p) for p in splits.values()) == len(data)
    assert 50 <= len(threads["test"]) <= 110 and 50 <= len(threads["dev"]) <= 110
    assert split_by_thread(data, 0.2, 0.2, seed=3) == splits
    assert split_by_thread(data, 0.2, 0.2, seed=4) != splits


def test_a_threads_split_does_not_depend_on_the_other_threads():
    data = comments(threads=60)
    whole = split_by_thread(data, 0.2, 0.2, seed=1)
    part = split_by_thread(data[:100], 0.2, 0.2, seed=1)
    for name in whole:
        assert {c.id for c in part[name]} == {c.id for c in whole[name] if c in data[:100]}


def test_weight_sources_resamples_each_dataset():
    data = [Comment(id=f"{d}{i}", thread_id=f"{d}{i}", text="x", label="other", dataset=d)
            for d in ("real", "demo", "rumour") for i in range(10)]
    weighted = weight_sources(data, {"demo": 2.0, "rumour": 0.3}, seed=0)
    counts = {d: sum(c.dataset == d for c in weighted) for d in ("real", "demo", "rumour")}
    assert counts == {"real": 10, "demo": 20, "rumour": 3}
    assert len({c.id for c in weighted if c.dataset == "rumour"}) == 3


def test_single_thread_goes_to_train():
    splits = split_by_thread(comments(threads=1), 0.2, 0.2, seed=0)
    assert len(splits["train"]) == 5 and not splits["dev"] and not splits["test"]


def test_class_weights_are_balanced():
    data = [Comment(id=str(i), thread_id="t", text="x", label="other" if i < 6 else "sceptical") for i in range(8)]
    weights = class_weights(data, LabelScheme())
    assert weights[1] == 2.0 and abs(weights[3] - 8 / 12) < 1e-9 and weights[0] == 1.0
