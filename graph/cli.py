"""The ``policykg`` command: a thin skin over the library (one function per command).

Command modules live in ``graph/commands`` and import jieba, rdflib and friends lazily,
so that ``policykg --help`` starts fast.
"""

from __future__ import annotations

import importlib
import logging

import click

# Each module defines click commands at top level; they are attached to the group in this order.
COMMAND_MODULES = (
    "graph.commands.extract_cmd",
    "graph.commands.build_cmd",
    "graph.commands.rdf_cmd",
    "graph.commands.lookup_cmd",
    "graph.commands.html_cmd",
)


class _Group(click.Group):
    """Turn any error into one line and a non-zero exit; a traceback only with --verbose."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; earlier outputs are left as they were", err=True)
            raise SystemExit(130) from None
        except Exception as exc:  # the last line of defence: never a traceback without --verbose
            from ontology.errors import PolicyKGError

            if logging.getLogger().isEnabledFor(logging.INFO):
                raise
            if isinstance(exc, PolicyKGError):
                raise click.ClickException(str(exc)) from exc
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc}. Run again with -v for the traceback, and please report it."
            ) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policykg")
@click.option("-v", "--verbose", is_flag=True, help="Log what the extractor and the graph layer do.")
def cli(verbose: bool) -> None:
    """Turn Chinese government work plans into a knowledge graph you can question.

    \b
    Start with:  policykg build            (the bundled sample → out/)
    then:        policykg bureau 工信局     policykg shared 人才
                 policykg sparql --name lead-counts
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    # jieba-style segmenters log their dictionary loading at INFO; the CLI, not the library, silences it.
    logging.getLogger("jieba").setLevel(logging.WARNING)


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # an area not installed in this build
            raise
        for obj in vars(module).values():
            if isinstance(obj, click.Command) and obj.name not in cli.commands:
                cli.add_command(obj)


_register()
