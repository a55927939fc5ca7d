"""Parse a job role profile exported from BCS Role Model Plus as text.

The parser is pure: text in, a :class:`ParsedProfile` out, or a :class:`ProfileParseError`
that names the file and line. It never alters the source's words: titles, descriptors,
groups and awarding bodies are kept exactly as written (typos included); only the
pipes and the whitespace around table cells are taken away.

The format's quirks, each seen in real exports:

* levels as digits or words, before or after a code, with or without a space before
  the parenthesis: ``Research(Level Five)``, ``(B1.1) (Level 5)``, ``(Level Five) (LM1.1)``;
* tables with and without leading pipes;
* framework tables whose entries span two lines (a name line, then a level line with
  the level label and the level descriptor), separated by a line holding a lone pipe;
* CRLF line endings, a UTF-8 byte-order mark and non-breaking spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sections import (
    DEPTH_SCALE,
    FRAMEWORK_NAMED_SCALE,
    KNOWN_SECTIONS,
    SCALES,
    SectionSpec,
    framework_scale_name,
)

LEVEL_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
# Every pattern here runs in time linear in its input: each is anchored (``match``, or ``^``) and no
# two quantifiers can take the same characters (``\s+`` then ``\S+``; ``[a-z]+`` then ", "), so a
# failed match gives characters back at most once. Trailing groups and leading codes are found with
# string methods instead (see trailing_group and split_leading_number_code): their patterns had
# ``\s*`` or ``\s+`` beside ``.*``-like parts and took seconds on a long run of spaces.
LEVEL_GROUP = re.compile(r"^level\s+(?P<value>\S+)$", re.IGNORECASE)
CODE_GROUP = re.compile(r"^(?:[A-Z]{1,6}\d*(?:\.\d+)*|\d+(?:\.\d+)+)$")
NUMBERED_LEVEL_LABEL = re.compile(r"^Level (?P<rank>\d+) - (?P<name>[A-Z][a-z]+(?:, [A-Z][a-z]+)*)(?=\s|$)")
NAMED_LEVEL_LABEL = re.compile(r"^(?P<name>" + "|".join(FRAMEWORK_NAMED_SCALE.labels) + r")(?=\s|$)")
FOOTER = re.compile(r"^The Professional Body Responsible for this job family is (?P<body>[^.\s]+)\.")
FRAMEWORK_HEADER = ("Skill", "Level")
# Real profiles are a few tens of kilobytes; the parser is linear, so this bounds the work one
# file can ask for (the admin upload and the import command both refuse larger files).
MAX_PROFILE_BYTES = 2 * 1024 * 1024


class ProfileParseError(ValueError):
    """The file cannot be read as a profile. ``str()`` names the file and line."""

    def __init__(self, message: str, *, filename: str = "", line: int | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        where = filename or "<text>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")


@dataclass
class ParsedLevel:
    """A level or depth as written, with its place on a scale."""

    scale: str  # the name of a scale in sections.SCALES, or a framework scale
    rank: int
    label: str  # as written in this entry, e.g. "Level Five" or "Level 4 - Enable"
    canonical_label: str  # the scale's own label for the rank, e.g. "Level 5"
    name: str = ""


@dataclass
class ParsedEntry:
    title: str
    line: int
    source_text: str
    code: str = ""
    level: ParsedLevel | None = None
    depth: ParsedLevel | None = None
    details: str = ""  # the Details column, or a framework entry's level descriptor
    description: str = ""  # a framework skill's generic description (its name line)
    group: str = ""
    awarding_body: str = ""


@dataclass
class ParsedSection:
    heading: str
    kind: str  # a roleprofiles.models.Section value
    line: int
    framework: str = ""  # the framework's name, for framework skill tables
    entries: list[ParsedEntry] = field(default_factory=list)


@dataclass
class ParsedProfile:
    filename: str
    text: str
    summary: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    additional_frameworks: list[str] = field(default_factory=list)
    additional_framework_lines: list[int] = field(default_factory=list)  # where each name is, in step
    professional_body: str = ""
    source_note: str = ""
    source_note_line: int | None = None  # the closing statement, which names the professional body

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)

    def section(self, kind: str, framework: str = "") -> ParsedSection | None:
        for section in self.sections:
            if section.kind == kind and section.framework == framework:
                return section
        return None


def check_profile_size(size: int, *, filename: str = "") -> None:
    if size > MAX_PROFILE_BYTES:
        raise ProfileParseError(
            f"the file is larger than {MAX_PROFILE_BYTES // 1024 // 1024} MB, the most the importer takes "
            "(a real profile is a few tens of kilobytes)",
            filename=filename,
        )


def decode_profile_bytes(data: bytes, *, filename: str = "") -> str:
    """Bytes to text, refusing what is not a UTF-8 text file or is larger than MAX_PROFILE_BYTES.
    Strips a byte-order mark and turns CRLF and CR line endings into LF."""
    check_profile_size(len(data), filename=filename)
    if not data.strip():
        raise ProfileParseError("the file is empty", filename=filename)
    if b"\x00" in data:
        raise ProfileParseError("the file is not text (it contains NUL bytes)", filename=filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProfileParseError("the file is not UTF-8 text", filename=filename, line=line) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_cells(line: str) -> list[str]:
    """Cells of a table row, with or without leading and trailing pipes."""
    body = line.strip()
    body = body.removeprefix("|")
    body = body.removesuffix("|")
    return [cell.strip() for cell in body.split("|")]


def is_separator(line: str) -> bool:
    return bool(line.strip()) and set(line.strip()) <= set("|-: ")


def parse_level_value(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    return LEVEL_WORDS.get(value)


def split_title(raw: str, *, filename: str, line: int, scale_name: str | None) -> tuple[str, str, ParsedLevel | None]:
    """Take the trailing "(Level N)" and code groups off an entry title.

    Groups that are neither a level nor a code, such as "(Data Ethics)", belong to the title.
    Sections without levels (qualifications, PDAs, ...) keep their titles whole: there,
    "(FCLIP)" is part of the name, not a code.
    """
    title = raw.strip()
    if scale_name is None:
        if not title:
            raise ProfileParseError("an entry has no title", filename=filename, line=line)
        return title, "", None
    code = ""
    level: ParsedLevel | None = None
    while found := trailing_group(title):
        start, group = found
        group = group.strip()
        level_match = LEVEL_GROUP.match(group)
        if level_match and level is None:
            rank = parse_level_value(level_match.group("value"))
            if rank is None:
                raise ProfileParseError(f'cannot interpret the level "{group}"', filename=filename, line=line)
            level = make_level(scale_name, rank, group, filename=filename, line=line)
        elif CODE_GROUP.match(group) and not code:
            code = group
        else:
            break
        title = title[:start].rstrip()
    if not title:
        raise ProfileParseError("an entry has no title", filename=filename, line=line)
    return title, code, level


def trailing_group(title: str) -> tuple[int, str] | None:
    r"""The title's last parenthesised group, if only whitespace follows it and it holds no
    parenthesis: where it starts (with the whitespace before it) and what it holds.

    What ``re.search(r"\s*\(([^()]*)\)\s*$", title)`` found, without its cost: a search retries
    at every whitespace character and rescans the rest of the run from each, so "Gov", 60,000
    spaces and "x (Level 6)" took 21 s. Here each call reads the title a constant number of times.
    (Python's ``\s`` and ``str.isspace`` agree on every character, so ``rstrip`` takes what ``\s*`` took.)
    """
    end = len(title.rstrip())
    if not end or title[end - 1] != ")":
        return None
    opening = title.rfind("(", 0, end - 1)
    if opening == -1 or title.find(")", opening + 1, end - 1) != -1:
        return None
    return len(title[:opening].rstrip()), title[opening + 1 : end - 1]


def split_leading_number_code(text: str) -> tuple[str, str] | None:
    r""" "1.1 Collection management" is ("1.1", "Collection management"): a numbered code (digits with
    at least one dot), whitespace, and the rest of the line. ``text`` is one line.

    What ``^(\d+(?:\.\d+)+)\s+(.+)$`` matched, with string methods: that pattern's ``\s+`` and ``.+``
    both take whitespace, so a failed match could try every way of sharing a run of it.
    """
    if not text[:1].isdecimal():
        return None
    parts = text.split(None, 1)
    code = parts[0]
    if "." not in code or not all(piece.isdecimal() for piece in code.split(".")):
        return None
    if len(parts) == 2:
        return code, parts[1]
    # Nothing but whitespace after the code: the pattern still matched when there were two or more
    # characters of it, the last being the "rest". Kept, so nothing reads differently than before.
    gap = text[len(code) :]
    return (code, gap[-1]) if len(gap) >= 2 else None


def make_level(scale_name: str, rank: int, label: str, *, filename: str, line: int, name: str = "") -> ParsedLevel:
    scale = SCALES[scale_name]
    if not scale.min_rank <= rank <= scale.max_rank:
        raise ProfileParseError(
            f'the level "{label}" is outside the {scale.name} scale ({scale.min_rank} to {scale.max_rank})',
            filename=filename,
            line=line,
        )
    return ParsedLevel(scale=scale_name, rank=rank, label=label, canonical_label=scale.label_for(rank), name=name)


def parse_depth(value: str, *, filename: str, line: int) -> ParsedLevel:
    try:
        rank = DEPTH_SCALE.labels.index(value) + 1
    except ValueError:
        known = ", ".join(f'"{label}"' for label in DEPTH_SCALE.labels)
        raise ProfileParseError(
            f'cannot interpret the depth "{value}" (expected one of {known})', filename=filename, line=line
        ) from None
    return ParsedLevel(scale=DEPTH_SCALE.name, rank=rank, label=value, canonical_label=value)


class _Lines:
    """The document's lines with a cursor; line numbers are 1-based."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.index = 0

    def done(self) -> bool:
        return self.index >= len(self.lines)

    def peek(self, offset: int = 0) -> str:
        i = self.index + offset
        return self.lines[i] if i < len(self.lines) else ""

    @property
    def number(self) -> int:
        return self.index + 1

    def skip_blank(self) -> bool:
        """Moves the cursor past blank lines; False when that reaches the end of the document."""
        while not self.done() and not self.peek().strip():
            self.index += 1
        return not self.done()

    def next_nonblank(self) -> tuple[int, str] | None:
        i = self.index + 1
        while i < len(self.lines):
            if self.lines[i].strip():
                return i, self.lines[i]
            i += 1
        return None


def _table_header(line: str) -> tuple[str, ...] | None:
    if "|" not in line:
        return None
    cells = tuple(cell for cell in split_cells(line))
    if cells and cells[0] in {"Title", "Skill"}:
        return cells
    return None


def parse_profile(text: str, *, filename: str = "") -> ParsedProfile:
    """Parse the text of a Role Model Plus export."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ProfileParseError("the file is empty", filename=filename)
    profile = ParsedProfile(filename=filename, text=text)
    lines = _Lines(text)
    summary_lines: list[str] = []
    in_summary = False
    list_section: str | None = None
    seen_headings: set[str] = set()

    while lines.skip_blank():
        raw = lines.peek()
        stripped = raw.strip()
        if "|" not in stripped and (footer := FOOTER.match(stripped)):
            if profile.source_note:
                raise ProfileParseError("the closing statement appears twice", filename=filename, line=lines.number)
            profile.professional_body = footer.group("body")
            profile.source_note = stripped
            profile.source_note_line = lines.number
            in_summary = False
            list_section = None
            lines.index += 1
            continue
        following = lines.next_nonblank()
        header = _table_header(following[1]) if following else None
        spec = KNOWN_SECTIONS.get(stripped)
        is_heading = "|" not in stripped and (spec is not None or header is not None or stripped == "Summary")
        if is_heading:
            if stripped in seen_headings:
                raise ProfileParseError(f'the section "{stripped}" appears twice', filename=filename, line=lines.number)
            seen_headings.add(stripped)
            in_summary = stripped == "Summary"
            list_section = None
            if in_summary:
                lines.index += 1
                continue
            if spec is not None and spec.kind == "additional_frameworks":
                list_section = stripped
                lines.index += 1
                continue
            if header is None:
                raise ProfileParseError(
                    f'the section "{stripped}" has no table after its heading', filename=filename, line=lines.number
                )
            if header == FRAMEWORK_HEADER:
                section = ParsedSection(
                    heading=stripped, kind="framework", line=lines.number, framework=framework_name(stripped)
                )
                lines.index = following[0] + 1
                _parse_framework_table(lines, section, filename=filename)
            elif spec is None:
                known = ", ".join(f'"{name}"' for name in KNOWN_SECTIONS)
                raise ProfileParseError(
                    f'unknown section "{stripped}" (known sections: {known}, or a framework table with '
                    '"Skill | Level" columns)',
                    filename=filename,
                    line=lines.number,
                )
            else:
                if header != spec.columns:
                    raise ProfileParseError(
                        f'the "{stripped}" table should have the columns {" | ".join(spec.columns)}, '
                        f"not {' | '.join(header)}",
                        filename=filename,
                        line=following[0] + 1,
                    )
                section = ParsedSection(heading=stripped, kind=spec.kind, line=lines.number)
                lines.index = following[0] + 1
                _parse_table(lines, section, spec, filename=filename)
            profile.sections.append(section)
            continue
        if in_summary:
            summary_lines.append(raw.rstrip())
        elif list_section is not None and "|" not in stripped:
            profile.additional_frameworks.append(stripped)
            profile.additional_framework_lines.append(lines.number)
        else:
            raise ProfileParseError(
                f'unexpected text outside any section: "{stripped[:80]}"', filename=filename, line=lines.number
            )
        lines.index += 1

    profile.summary = "\n".join(summary_lines).strip()
    if not profile.summary and not profile.sections:
        raise ProfileParseError(
            "this is not a Role Model Plus profile (no Summary and no sections found)", filename=filename
        )
    return profile


def framework_name(heading: str) -> str:
    """ "GKIM Skills Framework Skills" names the "GKIM Skills Framework"."""
    return heading.removesuffix(" Skills")


def _parse_table(lines: _Lines, section: ParsedSection, spec: SectionSpec, *, filename: str) -> None:
    while lines.skip_blank():
        raw = lines.peek()
        stripped = raw.strip()
        if "|" not in stripped:
            return
        line_no = lines.number
        lines.index += 1
        if is_separator(stripped):
            continue
        cells = split_cells(stripped)
        if len(cells) != len(spec.columns):
            raise ProfileParseError(
                f"expected {len(spec.columns)} columns ({' | '.join(spec.columns)}) but found {len(cells)}",
                filename=filename,
                line=line_no,
            )
        values = dict(zip(spec.columns, cells, strict=True))
        title, code, level = split_title(values["Title"], filename=filename, line=line_no, scale_name=spec.scale)
        entry = ParsedEntry(title=title, code=code, level=level, line=line_no, source_text=raw)
        entry.details = values.get("Details", "")
        if "Depth" in values:
            entry.depth = parse_depth(values["Depth"], filename=filename, line=line_no)
        entry.group = values.get("PDA Group", "")
        entry.awarding_body = values.get("Awarding Bodies", "")
        section.entries.append(entry)
    if not section.entries:
        raise ProfileParseError(f'the section "{section.heading}" has no entries', filename=filename, line=section.line)


def _parse_framework_table(lines: _Lines, section: ParsedSection, *, filename: str) -> None:
    """Entries of two lines each: a name line then a level line, separated by a lone pipe."""
    pending: list[tuple[int, str]] = []

    def finish() -> None:
        if not pending:
            return
        if len(pending) != 2:
            raise ProfileParseError(
                "a framework skill needs a name line and a level line", filename=filename, line=pending[0][0]
            )
        section.entries.append(_framework_entry(pending[0], pending[1], section=section, filename=filename))
        pending.clear()

    while lines.skip_blank():
        raw = lines.peek()
        stripped = raw.strip()
        line_no = lines.number
        if is_separator(stripped) and stripped.strip("|").strip() and set(stripped) <= set("|-: "):
            lines.index += 1
            continue
        if stripped == "|":
            finish()
            lines.index += 1
            continue
        if not pending and (KNOWN_SECTIONS.get(stripped) or FOOTER.match(stripped)):
            break
        if not pending and "|" not in stripped:
            following = lines.next_nonblank()
            if following and _table_header(following[1]):
                break
        pending.append((line_no, raw))
        lines.index += 1
        if len(pending) == 2:
            finish()
    finish()
    if not section.entries:
        raise ProfileParseError(f'the section "{section.heading}" has no entries', filename=filename, line=section.line)


def _framework_entry(name_line: tuple[int, str], level_line: tuple[int, str], *, section, filename) -> ParsedEntry:
    name_no, name_raw = name_line
    level_no, level_raw = level_line
    name_cells = [cell for cell in split_cells(name_raw) if cell]
    level_cells = [cell for cell in split_cells(level_raw) if cell]
    if not name_cells or not level_cells:
        raise ProfileParseError("a framework skill has an empty line", filename=filename, line=name_no)

    code = ""
    if len(name_cells) > 1 and CODE_GROUP.match(name_cells[0]):
        code = name_cells.pop(0)
    name_text = " | ".join(name_cells)
    if not code and (numbered := split_leading_number_code(name_text)):
        code, name_text = numbered
    if code and level_cells[0] == code:
        level_cells.pop(0)

    label_index = next((i for i, cell in enumerate(level_cells) if _level_label(cell)), None)
    if label_index is None:
        raise ProfileParseError(
            f'cannot find a level (such as "Practitioner" or "Level 4 - Enable") in "{level_raw.strip()[:80]}"',
            filename=filename,
            line=level_no,
        )
    before = " | ".join(level_cells[:label_index])
    label_cell = level_cells[label_index]
    label, level = _parse_framework_level(label_cell, section=section, filename=filename, line=level_no)
    after = " | ".join([label_cell[len(label) :].strip(), *level_cells[label_index + 1 :]]).strip(" |")
    if code and after.startswith(code):
        after = after[len(code) :].strip(" |")

    if before:
        # The level line repeats the name before the label: "1.1 Collection management | Level 4 - Enable ..."
        repeated = split_leading_number_code(before)
        title = repeated[1] if repeated and repeated[0] == code else before
        if title != name_text and not name_text.startswith(title):
            raise ProfileParseError(
                f'the level line names "{title}" but the name line says "{name_text[:80]}"',
                filename=filename,
                line=level_no,
            )
        description = name_text[len(title) :].strip()
        descriptor = after
    else:
        # The title starts both lines: "Risk management <description>" / "Risk management <descriptor>".
        title = _common_words(name_text, after)
        if not title:
            raise ProfileParseError(
                "cannot find the skill's title: the name line and the level line share no leading words",
                filename=filename,
                line=level_no,
            )
        description = name_text[len(title) :].strip()
        descriptor = after[len(title) :].strip()
    return ParsedEntry(
        title=title,
        code=code,
        level=level,
        line=name_no,
        source_text=f"{name_raw}\n{level_raw}",
        details=descriptor,
        description=description,
    )


def _level_label(cell: str) -> re.Match | None:
    return NUMBERED_LEVEL_LABEL.match(cell) or NAMED_LEVEL_LABEL.match(cell)


def _parse_framework_level(cell: str, *, section: ParsedSection, filename: str, line: int) -> tuple[str, ParsedLevel]:
    if numbered := NUMBERED_LEVEL_LABEL.match(cell):
        label = numbered.group(0)
        rank = int(numbered.group("rank"))
        level = make_level(
            framework_scale_name(section.framework),
            rank,
            label,
            filename=filename,
            line=line,
            name=numbered.group("name"),
        )
        level.canonical_label = label
        return label, level
    named = NAMED_LEVEL_LABEL.match(cell)
    label = named.group("name")
    rank = FRAMEWORK_NAMED_SCALE.labels.index(label) + 1
    return label, ParsedLevel(scale=FRAMEWORK_NAMED_SCALE.name, rank=rank, label=label, canonical_label=label)


def _common_words(a: str, b: str) -> str:
    words_a, words_b = a.split(" "), b.split(" ")
    shared = []
    for word_a, word_b in zip(words_a, words_b, strict=False):
        if word_a != word_b:
            break
        shared.append(word_a)
    # A title is never the whole of both lines: keep at least one word of description.
    if len(shared) == len(words_a) or len(shared) == len(words_b):
        shared = shared[:-1] if len(shared) > 1 else shared
    return " ".join(shared)
