"""Where a rule set's numbers come from: every threshold cites a document, and the kind of the
document decides what the threshold may claim.

A document of a rule set is one of:

- ``primary`` (the default): the text itself, named by number and title (``citation``) with its
  issuer (``issued_by``). Only a primary document can confirm a threshold, and a confirmed
  threshold names the clause it was checked against.
- ``reproduction``: a public copy or summary of a primary document (``of``: the key of that
  document). A threshold read there is unconfirmed.
- ``platform``: a GreenLedger default where the text's value could not be found; the threshold is
  unconfirmed (and so configurable: the call sets it).
- ``convention``: a counting or scale convention of the rule set itself (each pass/fail indicator
  counts 1; a percentage scale of 100), a number that comes from no document.

The project's design and research notes are not a source: a citation, clause or note naming them
is refused, as is a note that says when something was checked instead of what.
"""

from __future__ import annotations

from greenledger.core.assessment.model import Document, Source
from greenledger.core.factors.loader import NOT_A_SOURCE

PRIMARY, REPRODUCTION, PLATFORM, CONVENTION = "primary", "reproduction", "platform", "convention"
KINDS = (PRIMARY, REPRODUCTION, PLATFORM, CONVENTION)


def not_a_source(*texts: str) -> list[str]:
    """Why these texts cannot stand as provenance (they cite the project's notes)."""
    return [
        f"{found.group(0)!r} is not a source: cite the primary document"
        for text in texts
        if (found := NOT_A_SOURCE.search(text))
    ]


def document_problems(document: Document, documents: dict[str, Document]) -> list[str]:
    """What is wrong with a document entry: its kind, its issuer, what it reproduces."""
    problems = not_a_source(document.citation, document.issued_by, document.url)
    if document.kind not in KINDS:
        problems.append(f"'kind' must be one of {', '.join(KINDS)} (found {document.kind!r})")
    elif document.kind == PRIMARY and not document.issued_by:
        problems.append("a primary document names its issuer ('issued_by')")
    elif document.kind == REPRODUCTION:
        original = documents.get(document.of)
        if original is None or original.kind != PRIMARY:
            problems.append(
                f"a reproduction names the primary document it copies ('of'; found {document.of!r})"
            )
    return problems


def threshold_source_problems(
    confirmed: bool, source: Source, documents: dict[str, Document]
) -> list[str]:
    """Whether a threshold's source supports what the threshold claims."""
    problems = not_a_source(source.clause, source.note)
    document = documents.get(source.document)
    if document is None:
        return problems  # an unknown document is reported where the source is read
    if confirmed and document.kind not in (PRIMARY, CONVENTION):
        problems.append(
            f"a confirmed threshold cites a primary document, not the {document.kind} "
            f"document {document.key!r}: mark it unconfirmed or cite the text it was checked in"
        )
    if confirmed and document.kind == PRIMARY and not source.clause:
        problems.append("a confirmed threshold names the clause or table it was checked in")
    if not confirmed and document.kind == CONVENTION:
        problems.append("a convention is confirmed by definition; cite a document otherwise")
    return problems
