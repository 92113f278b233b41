import re
import shutil
import subprocess

import pytest

from classifier.experiment.policy import Rule
from classifier.experiment.report import Experiment, write_report
from classifier.records import Comment

LABELS = ["supportive", "sceptical", "troll_accusation", "other"]
HOSTILE = [
    '<script>document.body.setAttribute("data-pwned", "script")</script>',
    '"><img src=x onerror="document.body.setAttribute(\'data-pwned\', \'attribute\')">',
    '<a href="javascript:document.body.setAttribute(\'data-pwned\', \'link\')">click</a>',
]


def hostile_comments():
    comments = []
    for i, text in enumerate(HOSTILE * 3):
        label = LABELS[i % 4]
        scores = {l: 0.7 if l == label else 0.1 for l in LABELS}
        comments.append(Comment(id=f"c{i}", thread_id=f"t{i % 2}", position=i, text=text, label=label,
                                scores=scores, author=f'<b onmouseover="x()">{i}</b>',
                                article_title='<script>alert("title")</script>',
                                parent_id=f"c{i - 2}" if i >= 2 else None, model="m@1"))
    return comments


@pytest.fixture
def report(tmp_path):
    comments = hostile_comments()
    gold = {c.id: c.label for c in comments}
    experiment = Experiment(comments, LABELS, gold, [Rule("hide", "troll_accusation", 0.5)])
    return write_report(experiment, tmp_path / "report")


def test_report_files_and_escaping(report):
    out = report.parent
    assert {p.name for p in (out / "figures").iterdir()} == {
        "volume_vs_threshold.png", "class_distribution.png", "precision_recall.png", "confusion.png"}
    assert {"threshold_sweep.csv", "threads.csv", "policy.csv", "summary.json", "accusation_chains.json"} <= {
        p.name for p in out.iterdir()}
    page = report.read_text()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None and soup.find("a") is None
    for element in soup.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element
        assert "javascript:" not in str(element.get("href", "")) + str(element.get("src", ""))
    shown = soup.get_text()
    assert all(payload in shown for payload in HOSTILE)  # shown as text, verbatim
    assert '<script>alert("title")</script>' in shown
    assert "Content-Security-Policy" in page
    assert len(re.findall(r'<img alt="\w+" src="data:image/png;base64,', page)) == 4


def test_report_renders_in_headless_chromium(report, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed and could not be installed (scripts/test.sh tries apt-get)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", report.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # no payload ran
    assert dom.count("<table") >= 4 and dom.count('src="data:image/png;base64,') == 4
    shot = tmp_path / "shot.png"
    subprocess.run([browser, *flags, "--window-size=1200,1600", f"--screenshot={shot}", report.as_uri()],
                   capture_output=True, timeout=120, check=True)
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1200, 1600)
    assert len(image.getcolors(maxcolors=1 << 24)) > 50  # text, tables and plots, not a blank page
