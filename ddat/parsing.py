"""Reading a release of the DDaT capability framework: its two CSV files (and the ladder
order) into plain dataclasses, with the file and line of everything, and no database.

The files are the framework's bulk download ("Role content" and "Skill description
content"), read with the csv module as UTF-8 (a byte-order mark and CRLF line endings, as a
spreadsheet program saves them, are fine). A file that cannot be read exactly raises
``DdatFileError`` naming the file, the line and what is wrong; nothing is guessed.

The only changes made to the text (see ``clean_text``): zero-width spaces removed, LINE
SEPARATOR (U+2028) read as a line break, line endings as "\\n", surrounding whitespace trimmed.
"- " bullets are kept as they are (pages show them as a list), and "MISSING" in a description
means the framework gives none, so it is read as empty. Every quirk of the files is listed in
``fixtures/sources/ddat/README.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field

ROLE_COLUMNS = (
    "Role Family",
    "Role",
    "Role Description",
    "Role Level",
    "Role Level Description",
    "Skill Name",
    "Skill Description",
    "Skill Level",
    "Skill Level Description",
    "Role Type",
)
SKILL_LEVELS = ("Awareness", "Working", "Practitioner", "Expert")
SKILL_COLUMNS = ("Skill Name", "Skill Description", *SKILL_LEVELS, "Roles that require Skill")
LADDER_COLUMNS = ("Role Family", "Role", "Position", "Role Level", "Track", "Evidence")

NOT_IN_USE = "NOT IN USE"
MISSING = "MISSING"
PUBLISHED_ORDER = "published order"
ZERO_WIDTH_SPACE = "\u200b"
LINE_SEPARATOR = "\u2028"
MANAGEMENT_SUFFIX = " - management"
# Larger than any real cell (the longest is about 3,000 characters) yet far below what would
# hold a worker: csv's own default limit is 131,072.
MAX_FIELD_SIZE = 100_000


class DdatFileError(Exception):
    """A release file that cannot be read: says which file, which line and what is wrong."""

    def __init__(self, message: str, *, filename: str, line: int | None = None):
        self.message, self.filename, self.line = message, filename, line
        where = f"{filename}, line {line}" if line else filename
        super().__init__(f"{where}: {message}")


def clean_text(value: str) -> str:
    """The allowed normalisations, and nothing else."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace(ZERO_WIDTH_SPACE, "").replace(LINE_SEPARATOR, "\n").strip()


def clean_description(value: str) -> str:
    """A description; the framework's "MISSING" placeholder means it has none."""
    value = clean_text(value)
    return "" if value == MISSING else value


@dataclass(frozen=True)
class FileInfo:
    kind: str  # "roles", "skills" or "ladders"
    filename: str
    sha256: str
    rows: int


@dataclass
class ParsedRequirement:
    skill: str
    level: str  # one of SKILL_LEVELS, or "" for NOT IN USE
    level_label: str  # as the file writes it: a level or "NOT IN USE"
    descriptor: str  # the role's own wording of the skill at its level
    line: int
    duplicate_lines: list[int] = field(default_factory=list)


@dataclass
class ParsedLevel:
    role: str
    name: str  # the level name, trimmed: half of the framework's key for it
    description: str
    role_type: str
    line: int
    requirements: dict[str, ParsedRequirement] = field(default_factory=dict)

    @property
    def in_use(self) -> bool:
        return self.name != NOT_IN_USE

    @property
    def title(self) -> str:
        """What a page calls it: the level name, or the role's own name for a level NOT IN USE."""
        return self.name if self.in_use else self.role

    @property
    def key(self) -> str:
        return level_key(self.role, self.name)


@dataclass
class ParsedRole:
    family: str
    name: str
    description: str
    line: int
    levels: dict[str, ParsedLevel] = field(default_factory=dict)


@dataclass
class ParsedSkill:
    name: str
    description: str
    levels: dict[str, str]  # level name -> generic descriptor
    line: int
    position: int


@dataclass
class LadderEntry:
    family: str
    role: str
    level: str
    position: int
    track: str
    evidence: str
    line: int

    @property
    def inferred(self) -> bool:
        return self.evidence.strip().lower() != PUBLISHED_ORDER


@dataclass
class ParsedRelease:
    roles: dict[str, ParsedRole]
    skills: dict[str, ParsedSkill]
    ladder: dict[str, LadderEntry] | None  # by level key; None when no ladder file was given
    files: list[FileInfo]
    duplicates_merged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def levels(self) -> list[ParsedLevel]:
        return [level for role in self.roles.values() for level in role.levels.values()]

    def file(self, kind: str) -> FileInfo | None:
        return next((info for info in self.files if info.kind == kind), None)

    def content_digest(self) -> str:
        """The release's content without file positions or encoding: a copy saved with a
        byte-order mark and CRLF line endings has the same digest."""
        content = {
            "roles": [
                {
                    "family": role.family,
                    "name": role.name,
                    "description": role.description,
                    "levels": [
                        {
                            "name": level.name,
                            "description": level.description,
                            "role_type": level.role_type,
                            "requirements": [
                                [r.skill, r.level_label, r.descriptor] for r in level.requirements.values()
                            ],
                        }
                        for level in role.levels.values()
                    ],
                }
                for role in self.roles.values()
            ],
            "skills": [[s.name, s.description, s.levels] for s in self.skills.values()],
            "ladder": None
            if self.ladder is None
            else [{k: v for k, v in asdict(e).items() if k != "line"} for e in self.ladder.values()],
        }
        return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def level_key(role: str, level: str) -> str:
    return f"{role}|{level}"


# --- reading a CSV file exactly -----------------------------------------------------------


def decode(data: bytes, *, filename: str) -> str:
    """UTF-8 text, with or without a byte-order mark; anything else is refused, naming the line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DdatFileError("the file is UTF-16 text; save it as CSV UTF-8 and import it again", filename=filename)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise DdatFileError(
            "the file contains NUL characters (it may be UTF-16 without a byte-order mark, or not text); "
            "save it as CSV UTF-8",
            filename=filename,
            line=data.count(b"\n", 0, data.index(b"\x00")) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        raise DdatFileError(
            f"byte 0x{byte} is not UTF-8 text (the file may be in another encoding, such as Windows-1252); "
            "save it as CSV UTF-8 and import it again",
            filename=filename,
            line=line,
        ) from None
    return text


def read_rows(data: bytes, *, filename: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Each data row with the line it starts on, as a dict of the expected columns."""
    text = decode(data, filename=filename)
    if not text.strip():
        raise DdatFileError("the file is empty", filename=filename, line=1)
    previous_limit = csv.field_size_limit(MAX_FIELD_SIZE)
    try:
        return list(_rows(text, filename=filename, columns=columns))
    finally:
        csv.field_size_limit(previous_limit)


def _rows(text: str, *, filename: str, columns: tuple[str, ...]):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header = next(reader)
    except csv.Error as error:
        raise DdatFileError(f"the header row is not valid CSV ({error})", filename=filename, line=1) from None
    header = [clean_text(name) for name in header]
    missing = [name for name in columns if name not in header]
    if missing:
        found = ", ".join(f"“{name}”" for name in header) or "nothing"
        raise DdatFileError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(f'“{name}”' for name in missing)} "
            f"(the header row has {found})",
            filename=filename,
            line=1,
        )
    repeated = sorted({name for name in header if header.count(name) > 1 and name in columns})
    if repeated:
        raise DdatFileError(f"column “{repeated[0]}” appears twice in the header row", filename=filename, line=1)
    index = {name: header.index(name) for name in columns}
    count = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DdatFileError(
                f"the file is not valid CSV here ({error}); it may be truncated or damaged",
                filename=filename,
                line=line,
            ) from None
        if not any(cell.strip() for cell in row):
            continue  # a blank line, or a row of empty cells a spreadsheet left behind
        if len(row) != len(header):
            raise DdatFileError(
                f"expected {len(header)} columns, found {len(row)}; the file may be truncated or damaged",
                filename=filename,
                line=line,
            )
        count += 1
        yield line, {name: row[i] for name, i in index.items()}
    if count == 0:
        raise DdatFileError("the file has a header row but no data rows", filename=filename, line=line)


# The longest value each name column may hold (what the database stores it in).
MAX_LENGTHS = {"Role Family": 255, "Role": 255, "Role Level": 255, "Skill Name": 255, "Role Type": 100}


def _required(row: dict[str, str], name: str, *, filename: str, line: int) -> str:
    value = clean_text(row[name])
    if not value:
        raise DdatFileError(f"“{name}” is empty", filename=filename, line=line)
    return _bounded(value, name, filename=filename, line=line)


def _bounded(value: str, name: str, *, filename: str, line: int, limit: int | None = None) -> str:
    limit = limit or MAX_LENGTHS.get(name, 255)
    if len(value) > limit:
        raise DdatFileError(
            f"“{name}” is {len(value):,} characters long; at most {limit} are allowed", filename=filename, line=line
        )
    return value


def _same_as_before(first, subject: str, *, filename: str, line: int, **here: str) -> None:
    """A role or level is repeated on each of its rows, and each must say what the first did:
    ``here`` is this row's value of each of ``first``'s fields; the first that differs is the error."""
    for name, value in here.items():
        if getattr(first, name) != value:
            what = name.replace("_", " ")
            raise DdatFileError(
                f"{subject} has a different {what} here than on line {first.line}", filename=filename, line=line
            )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the three files ----------------------------------------------------------------------


def parse_skills(data: bytes, *, filename: str) -> tuple[dict[str, ParsedSkill], FileInfo]:
    skills: dict[str, ParsedSkill] = {}
    rows = read_rows(data, filename=filename, columns=SKILL_COLUMNS)
    for line, row in rows:
        name = _required(row, "Skill Name", filename=filename, line=line)
        skill = ParsedSkill(
            name=name,
            description=clean_description(row["Skill Description"]),
            levels={level: clean_description(row[level]) for level in SKILL_LEVELS},
            line=line,
            position=len(skills) + 1,
        )
        if name in skills:
            first = skills[name]
            if (first.description, first.levels) != (skill.description, skill.levels):
                raise DdatFileError(
                    f"skill “{name}” appears twice, with different text (first on line {first.line})",
                    filename=filename,
                    line=line,
                )
            continue
        skills[name] = skill
    return skills, FileInfo("skills", filename, _digest(data), len(rows))


def parse_roles(
    data: bytes, *, filename: str, skills: dict[str, ParsedSkill], skills_filename: str
) -> tuple[dict[str, ParsedRole], FileInfo, int, list[str]]:
    """The roles, their levels and each level's skills. Returns the roles, the file's details,
    how many duplicate rows were merged, and warnings."""
    roles: dict[str, ParsedRole] = {}
    merged = 0
    warnings: list[str] = []
    skill_descriptions: dict[str, tuple[str, int]] = {}
    levels_by_label = {label.lower(): label for label in (*SKILL_LEVELS, NOT_IN_USE)}
    rows = read_rows(data, filename=filename, columns=ROLE_COLUMNS)
    for line, row in rows:
        family = _required(row, "Role Family", filename=filename, line=line)
        role_name = _required(row, "Role", filename=filename, line=line)
        level_name = _required(row, "Role Level", filename=filename, line=line)
        skill_name = _required(row, "Skill Name", filename=filename, line=line)
        label = clean_text(row["Skill Level"])
        canonical = levels_by_label.get(label.lower())
        if canonical is None:
            raise DdatFileError(
                f"unknown skill level “{label}” (expected Awareness, Working, Practitioner, Expert or NOT IN USE)",
                filename=filename,
                line=line,
            )
        if skill_name not in skills:
            raise DdatFileError(f"skill “{skill_name}” is not in {skills_filename}", filename=filename, line=line)

        role_description = clean_description(row["Role Description"])
        role = roles.get(role_name)
        if role is None:
            role = roles[role_name] = ParsedRole(family=family, name=role_name, description=role_description, line=line)
        else:
            _same_as_before(
                role, f"role “{role_name}”", filename=filename, line=line, family=family, description=role_description
            )

        level_description = clean_description(row["Role Level Description"])
        if level_description == NOT_IN_USE:
            level_description = ""  # a marker of a level not in use, not a description of it
        role_type = _bounded(clean_text(row["Role Type"]), "Role Type", filename=filename, line=line)
        level = role.levels.get(level_name)
        if level is None:
            level = role.levels[level_name] = ParsedLevel(
                role=role_name, name=level_name, description=level_description, role_type=role_type, line=line
            )
        else:
            _same_as_before(
                level,
                f"role level “{level_name}”",
                filename=filename,
                line=line,
                description=level_description,
                role_type=role_type,
            )
        in_use = canonical != NOT_IN_USE
        requirement = ParsedRequirement(
            skill=skill_name,
            level=canonical if in_use else "",
            level_label=canonical,
            descriptor=clean_description(row["Skill Level Description"]) if in_use else "",
            line=line,
        )
        first = level.requirements.get(skill_name)
        if first is not None:
            if (first.level_label, first.descriptor) != (requirement.level_label, requirement.descriptor):
                raise DdatFileError(
                    f"“{level_name}” lists “{skill_name}” twice, at different levels or with different wording "
                    f"(first on line {first.line})",
                    filename=filename,
                    line=line,
                )
            first.duplicate_lines.append(line)
            merged += 1
            continue
        level.requirements[skill_name] = requirement

        described = clean_description(row["Skill Description"])
        if described and in_use:
            skill_descriptions.setdefault(skill_name, (described, line))
    for name, (text, line) in skill_descriptions.items():
        skill = skills[name]
        if not skill.description:
            skill.description = text  # skills.csv has none; the role content does
        elif skill.description != text:
            warnings.append(
                f"{filename}, line {line}: the description of “{name}” differs from {skills_filename}'s; "
                f"{skills_filename}'s is used"
            )
    return roles, FileInfo("roles", filename, _digest(data), len(rows)), merged, warnings


def parse_ladders(
    data: bytes, *, filename: str, roles: dict[str, ParsedRole]
) -> tuple[dict[str, LadderEntry], FileInfo, list[str]]:
    entries: dict[str, LadderEntry] = {}
    places: dict[tuple[str, str, int], int] = {}
    warnings: list[str] = []
    rows = read_rows(data, filename=filename, columns=LADDER_COLUMNS)
    for line, row in rows:
        role = _required(row, "Role", filename=filename, line=line)
        level = _required(row, "Role Level", filename=filename, line=line)
        position_text = _required(row, "Position", filename=filename, line=line)
        if not position_text.isdigit() or not 1 <= int(position_text) <= 1000:
            raise DdatFileError(
                f"position “{position_text}” is not a whole number from 1 to 1000", filename=filename, line=line
            )
        entry = LadderEntry(
            family=clean_text(row["Role Family"]),
            role=role,
            level=level,
            position=int(position_text),
            track=_bounded(clean_text(row["Track"]).lower(), "Track", filename=filename, line=line, limit=40),
            evidence=_bounded(clean_text(row["Evidence"]), "Evidence", filename=filename, line=line),
            line=line,
        )
        key = level_key(role, level)
        if key in entries:
            raise DdatFileError(
                f"“{level}” of “{role}” is listed twice (first on line {entries[key].line})",
                filename=filename,
                line=line,
            )
        place = (role, entry.track, entry.position)
        if place in places:
            raise DdatFileError(
                f"two levels of “{role}” share position {entry.position} on the same track (the other on line "
                f"{places[place]})",
                filename=filename,
                line=line,
            )
        if role not in roles or level not in roles[role].levels:
            warnings.append(f"{filename}, line {line}: “{level}” of “{role}” is not in this release; ignored")
            continue
        places[place] = line
        entries[key] = entry
    return entries, FileInfo("ladders", filename, _digest(data), len(rows)), warnings


def parse_release(
    *,
    roles_data: bytes,
    roles_filename: str,
    skills_data: bytes,
    skills_filename: str,
    ladders_data: bytes | None = None,
    ladders_filename: str = "",
) -> ParsedRelease:
    skills, skills_info = parse_skills(skills_data, filename=skills_filename)
    roles, roles_info, merged, warnings = parse_roles(
        roles_data, filename=roles_filename, skills=skills, skills_filename=skills_filename
    )
    files = [roles_info, skills_info]
    ladder = None
    if ladders_data is not None:
        ladder, ladders_info, ladder_warnings = parse_ladders(ladders_data, filename=ladders_filename, roles=roles)
        files.append(ladders_info)
        warnings += ladder_warnings
    return ParsedRelease(
        roles=roles, skills=skills, ladder=ladder, files=files, duplicates_merged=merged, warnings=warnings
    )
