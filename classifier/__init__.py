"""stance: the stance of comments under news articles and blog posts."""

from classifier.records import Comment, Reject

__all__ = ["Comment", "Reject", "StanceClassifier"]
__version__ = "0.1.0"


def __getattr__(name):
    # The classifier pulls in torch; import it only when asked for.
    if name == "StanceClassifier":
        from classifier.predict import StanceClassifier

        return StanceClassifier
    raise AttributeError(name)
