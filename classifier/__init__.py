"""stance: the stance of comments under news articles and blog posts."""

from importlib.metadata import version

from classifier.records import Comment, Reject

__all__ = ["Comment", "Reject", "StanceClassifier"]
__version__ = version("stance")


def __getattr__(name):
    # The classifier pulls in torch; import it only when asked for.
    if name == "StanceClassifier":
        from classifier.predict import StanceClassifier

        return StanceClassifier
    raise AttributeError(name)
