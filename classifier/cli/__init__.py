"""The ``stance`` command line: one thin command per module, real work in the library."""

from __future__ import annotations

import sys

import typer

from classifier.errors import InputError
from classifier.verbosity import set_verbosity

app = typer.Typer(
    help="Stance of news and blog comments: supportive, sceptical, troll_accusation or other.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
@app.callback()
def global_options(
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Show library warnings, logs and progress bars."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only errors."),
) -> None:
    """Stance of news and blog comments: supportive, sceptical, troll_accusation or other."""
    if verbose and quiet:
        raise typer.BadParameter("choose --verbose or --quiet, not both")
    set_verbosity(verbose=verbose, quiet=quiet)


annotate_app = typer.Typer(help="Round-trip labels through Label Studio; annotator agreement.", no_args_is_help=True)
app.add_typer(annotate_app, name="annotate")


COMMANDS = [  # (typer group, command name, module, function)
    (app, "extract", "extract", "extract_command"),
    (app, "label", "label", "label_command"),
    (app, "import", "import_", "import_command"),
    (annotate_app, "export", "annotate", "export_command"),
    (annotate_app, "import", "annotate", "import_command"),
    (annotate_app, "agreement", "annotate", "agreement_command"),
    (app, "train", "train", "train_command"),
    (app, "evaluate", "evaluate", "evaluate_command"),
    (app, "score", "score", "score_command"),
    (app, "export", "export", "export_command"),
    (app, "experiment", "experiment", "experiment_command"),
]


def _register() -> None:
    from importlib import import_module

    for group, name, module, function in COMMANDS:
        group.command(name)(getattr(import_module(f"classifier.cli.{module}"), function))


def main() -> None:
    """Entry point: bad input ends with one ``error: file:line: message`` line, exit code 2."""
    try:
        app()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


_register()
