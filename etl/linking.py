"""Canonical unit names and recurring-project ids: pure functions, no I/O.

Units are written with typos and decorations (绵阳市科学技和知识产权局, "(盖章)", a leading
budget code "314002-"); projects recur each year under a slightly changed name ("2023年…项目",
"…经费"). `cluster_units` maps every raw unit spelling to one canonical spelling and
`link_projects` gives a unit's recurring project one id across years.

Decisions:
- "X局机关" and "X局本级" are the same unit as "X局": the suffix marks the bureau's own budget
  level, not a different organisation, and the dashboard wants one row per organisation.
- Fuzzy matching never crosses administrative prefixes (绵阳市 ≠ 德阳市), never edits the
  first two characters or the last three (民政局 ≠ 财政局, 局 ≠ 中心), needs fuzz.ratio ≥ 90
  (short names get no substitutions), and never merges names that differ in numerals or
  directions (第一中学 ≠ 第二中学, 一期 ≠ 二期): those edits carry meaning.
- Clustering is greedy against each cluster's best variant, visiting variants in preference
  order (most frequent, then longest, then lexicographic), so it is deterministic whatever
  the input order and cannot chain A≈B≈C into one cluster when A and C differ too much.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
SEAL_NOTE = re.compile(r"\(?(?:单位|部门)?(?:盖章|公章|签章)\)?$")
BUDGET_CODE = re.compile(r"^\d{3,}\s*[-—_]\s*")
LEVEL_SUFFIX = re.compile(r"\(?(?:机关|本级)\)?$")
# One administrative segment: a short place name and its level (绵阳市, 临翔区, 自治区 …).
# 州 right before 市/县/区 belongs to the name (苏州市, 通州区), so it does not end a segment.
ADMIN_SEGMENT = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州(?![市县区])|盟|县|区|旗)"
)
# Characters whose change makes a different unit or project rather than a typo.
MEANINGFUL_CHARS = set("0123456789〇零一二三四五六七八九十百千第东南西北甲乙丙丁")

YEAR_TOKEN = re.compile(r"[(]?\d{4}(?:\s*[-—~至]\s*\d{2,4})?\s*年度?[)]?")
PROJECT_SUFFIXES = (
    "专项资金",
    "专项经费",
    "补助资金",
    "项目资金",
    "项目经费",
    "资金",
    "经费",
    "项目",
    "专项",
)

UNIT_MIN_FUZZY_LENGTH = 6  # shorter names (教育局) are too easy to confuse
UNIT_MIN_RATIO = 90.0
UNIT_MAX_EDITS = 2
UNIT_TYPE_TAIL = 3  # 民政局, 财政局, 管理中心: the characters that say what the unit is
PROJECT_MIN_RATIO = 90.0


def normalize_name(name: str) -> str:
    """NFKC-fold a name, drop whitespace, unify brackets, drop a 盖章 note and a numeric code."""
    folded = unicodedata.normalize("NFKC", name).translate(BRACKETS)
    folded = re.sub(r"\s+", "", folded)
    folded = SEAL_NOTE.sub("", folded.rstrip(":")) if len(folded) > 4 else folded
    folded = BUDGET_CODE.sub("", folded)  # "314002-成安县民政局机关": a system code, not the name
    return folded.strip(":")


def _unit_key(name: str) -> str:
    """The part of a unit name that identifies it: no budget code, no 机关/本级 suffix."""
    key = normalize_name(name)
    stripped = LEVEL_SUFFIX.sub("", key)
    return stripped if len(stripped) >= 2 else key


def admin_prefix(key: str) -> str:
    """Leading administrative segments (绵阳市, 临沧市临翔区); '' when there are none."""
    prefix, rest = "", key
    while match := ADMIN_SEGMENT.match(rest):
        prefix, rest = prefix + match.group(), rest[match.end() :]
    return prefix


def _edits_are_meaningful(left: str, right: str, tail: int = 0) -> bool:
    """True when the strings differ in a numeral or direction, or within the last `tail` chars.

    The tail of a unit name says what it is (民政局 ≠ 财政局, 中学 ≠ 中心): edits there are
    never typos we dare to fix.
    """
    for op in Levenshtein.editops(left, right):
        changed = ""
        if op.tag in ("replace", "delete"):
            changed += left[op.src_pos]
        if op.tag in ("replace", "insert"):
            changed += right[op.dest_pos]
        if MEANINGFUL_CHARS.intersection(changed):
            return True
        if tail and (op.src_pos >= len(left) - tail or op.dest_pos >= len(right) - tail):
            return True
    return False


def same_unit(left: str, right: str) -> bool:
    """Whether two unit keys name one unit (equal, or a one-/two-character typo).

    Fuzzy rule: same administrative prefix and first two characters, Levenshtein ≤ 2 and
    fuzz.ratio ≥ 90 (so a substitution needs ~10 characters: 绵阳市民政局 ≠ 绵阳市财政局),
    and no edit in a numeral, a direction or the last three characters.
    """
    if left == right:
        return True
    if min(len(left), len(right)) < UNIT_MIN_FUZZY_LENGTH or left[:2] != right[:2]:
        return False
    if admin_prefix(left) != admin_prefix(right):
        return False
    if fuzz.ratio(left, right) < UNIT_MIN_RATIO:
        return False
    if Levenshtein.distance(left, right, score_cutoff=UNIT_MAX_EDITS) > UNIT_MAX_EDITS:
        return False
    return not _edits_are_meaningful(left, right, tail=UNIT_TYPE_TAIL)


def _preference(variant: str, counts: Counter[str], key: str) -> tuple[int, int, str]:
    """Sort key: most frequent first, then longest (a dropped char loses), then lexicographic.

    Length is measured on the matching `key`, so a 机关/本级 suffix does not make a variant
    "longer": on a tie the bare name wins, being a lexicographic prefix.
    """
    return (-counts[variant], -len(key), variant)


def cluster_units(names: Iterable[str]) -> dict[str, str]:
    """Map every raw unit name to its canonical spelling (a normalized variant).

    Repeats in `names` count: the canonical spelling is the cluster's most frequent variant.
    Names that are blank after normalization are left out of the result.
    """
    raw_names = [name for name in names if name and normalize_name(name)]
    counts = Counter(normalize_name(name) for name in raw_names)
    # Clusters are bucketed by administrative prefix: same_unit never matches across
    # prefixes, so each variant is compared with its own bucket only.
    representatives: dict[str, list[str]] = defaultdict(list)  # keys of each cluster's best
    canonical_of: dict[str, str] = {}  # variant → canonical variant
    variant_of: dict[str, str] = {}  # representative key → its variant
    for variant in sorted(counts, key=lambda v: _preference(v, counts, _unit_key(v))):
        key = _unit_key(variant)
        bucket = representatives[admin_prefix(key)]
        # Candidates by edit distance in C, then the full rule on the few left; the earliest
        # (best-ranked) representative wins, as the bucket is in preference order.
        candidates = process.extract(
            key, bucket, scorer=Levenshtein.distance, score_cutoff=UNIT_MAX_EDITS, limit=None
        )
        indexes = sorted(index for rep_key, _, index in candidates if same_unit(rep_key, key))
        if indexes:
            canonical_of[variant] = variant_of[bucket[indexes[0]]]
        else:
            bucket.append(key)
            variant_of[key] = canonical_of[variant] = variant
    return {name: canonical_of[normalize_name(name)] for name in raw_names}


def _short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def unit_id(canonical: str) -> str:
    """Stable short id of a canonical unit name, e.g. 'u_3f2a…' (10 hex digits)."""
    return "u_" + _short_hash(normalize_name(canonical))


def project_key(name: str) -> str:
    """A project name without year tokens and 项目/经费/资金 suffixes, for matching."""
    key = YEAR_TOKEN.sub("", normalize_name(name))
    key = re.sub(r"^\d{6,}[A-Z0-9]*\s*[-—_]", "", key)  # leading budget-system project code
    stripped = True
    while stripped:
        stripped = False
        for suffix in PROJECT_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key, stripped = key[: -len(suffix)], True
                break
    return key or normalize_name(name)


def _same_project(left: str, right: str) -> bool:
    if left == right:
        return True
    if fuzz.ratio(left, right) < PROJECT_MIN_RATIO:
        return False
    return not _edits_are_meaningful(left, right)


def _link_unit_projects(keys: Counter[str], years: dict[str, set[int]]) -> dict[str, str]:
    """Cluster one unit's project keys; returns key → representative key."""
    clusters: list[tuple[str, set[int]]] = []  # (representative, years covered)
    representative_of: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: _preference(k, keys, k)):
        match = None
        for representative, covered in clusters:
            # A unit does not file one project twice in a year: same-year names are distinct.
            if _same_project(representative, key) and not (covered & years[key]):
                match = representative
                covered |= years[key]
                break
        if match is None:
            clusters.append((key, set(years[key])))
            match = key
        representative_of[key] = match
    return representative_of


def link_projects(rows: Iterable[tuple[str, str, int | None]]) -> dict[tuple[str, str], str]:
    """Give each (unit, project name) a project id shared by the same project across years.

    `rows` are (canonical unit name, project name, year). Names match after dropping year
    tokens and 项目/经费/资金 suffixes, exactly or by fuzz.ratio ≥ 90, within one unit only.
    Ids are 'p_' + a hash of the normalized unit and the cluster's representative key.
    """
    keys_by_unit: dict[str, Counter[str]] = defaultdict(Counter)
    years_by_unit: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    pairs: set[tuple[str, str]] = set()
    for unit, project_name, year in rows:
        unit_norm, key = normalize_name(unit), project_key(project_name)
        pairs.add((unit, project_name))
        keys_by_unit[unit_norm][key] += 1
        if year is not None:
            years_by_unit[unit_norm][key].add(year)
    representatives = {
        unit_norm: _link_unit_projects(keys, years_by_unit[unit_norm])
        for unit_norm, keys in keys_by_unit.items()
    }
    result = {}
    for unit, project_name in pairs:
        unit_norm = normalize_name(unit)
        representative = representatives[unit_norm][project_key(project_name)]
        result[(unit, project_name)] = "p_" + _short_hash(unit_norm, representative)
    return result
