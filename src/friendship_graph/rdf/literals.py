"""Typed literals: the lexical forms of XML Schema 1.1's datatypes, and the characters XML 1.0
can carry.

RDF parsers accept ``"2020-1-1"^^xsd:date`` or ``"P1Qx"^^xsd:duration`` (the syntax is
fine), but no query can compare, sort or compute with them; :func:`lexical_problem` tells
which lexical forms are not in their datatype's lexical space, for every built-in datatype of
`XML Schema 1.1 Part 2 <https://www.w3.org/TR/xmlschema11-2/>`_ an RDF literal can use (all
but ``xsd:QName`` and ``xsd:NOTATION``, which RDF excludes), including the ranges of the
bounded integers and that a day exists. :func:`first_non_xml_char` finds a character no
XML 1.0 document can hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF), which would make
every XML output (RDF/XML, SPARQL XML results, GEXF, GraphML) broken.
"""

from __future__ import annotations

import calendar
import re

__all__ = ["lexical_problem", "checked_datatypes", "first_non_xml_char",
           "first_non_xml_char_in_sparql", "XSD", "MAX_TERM_CHARS"]

XSD = "http://www.w3.org/2001/XMLSchema#"
#: The longest term the program takes (the RDF parser's buffer is 16 MB): importers refuse
#: longer identifiers the same way a load does.
MAX_TERM_CHARS = 16 << 20

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))"
_YEAR = r"(?P<y>-?(?:[1-9]\d{4,}|\d{4}))"
_MONTH = r"(?P<m>\d\d)"
_DAY = r"(?P<d>\d\d)"
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_INTEGER = r"[+-]?\d+"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_FLOAT = r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)|NaN"
_DAY_TIME = r"(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
_NAME_START = ("A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
               "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
               "\U00010000-\U000EFFFF")
_NAME_CHAR = _NAME_START + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"
_NCNAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_B64 = r"[A-Za-z0-9+/] ?"

_PATTERNS = {
    "date": rf"{_YEAR}-{_MONTH}-{_DAY}{_TZ}?",
    "dateTime": rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}?",
    "dateTimeStamp": rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "time": rf"{_TIME}{_TZ}?",
    "gYearMonth": rf"{_YEAR}-{_MONTH}{_TZ}?",
    "gYear": rf"{_YEAR}{_TZ}?",
    "gMonthDay": rf"--{_MONTH}-{_DAY}{_TZ}?",
    "gMonth": rf"--{_MONTH}{_TZ}?",
    "gDay": rf"---{_DAY}{_TZ}?",
    "duration": rf"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?{_DAY_TIME}",
    "dayTimeDuration": rf"-?P(?=\d|T\d){_DAY_TIME}",
    "yearMonthDuration": r"-?P(?=\d)(?:\d+Y)?(?:\d+M)?",
    "decimal": _DECIMAL,
    "double": _FLOAT,
    "float": _FLOAT,
    "boolean": r"true|false|1|0",
    "hexBinary": r"(?:[0-9a-fA-F]{2})*",
    "base64Binary": rf"(?:(?:{_B64}){{4}})*(?:(?:{_B64}){{3}}[A-Za-z0-9+/]"
                    rf"|(?:{_B64}){{2}}[AEIMQUYcgkosw048] ?="
                    r"|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?",
    "normalizedString": r"[^\t\n\r]*",
    "token": r"(?:[^\s](?:[^\t\n\r ]| (?! ))*[^\s]|[^\s])?",
    "language": r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*",
    "NMTOKEN": f"[{_NAME_CHAR}]+",
    "NMTOKENS": f"[{_NAME_CHAR}]+(?: [{_NAME_CHAR}]+)*",
    "Name": f"[{_NAME_START}:][{_NAME_CHAR}:]*",
    "NCName": _NCNAME, "ID": _NCNAME, "IDREF": _NCNAME, "ENTITY": _NCNAME,
    "IDREFS": f"{_NCNAME}(?: {_NCNAME})*", "ENTITIES": f"{_NCNAME}(?: {_NCNAME})*",
}
#: The bounded integer types: (smallest, largest); None is unbounded.
_INTEGERS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "long": (-(1 << 63), (1 << 63) - 1), "int": (-(1 << 31), (1 << 31) - 1),
    "short": (-(1 << 15), (1 << 15) - 1), "byte": (-128, 127),
    "unsignedLong": (0, (1 << 64) - 1), "unsignedInt": (0, (1 << 32) - 1),
    "unsignedShort": (0, (1 << 16) - 1), "unsignedByte": (0, 255),
}
_LEXICAL = {XSD + name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
_INTEGER_FORM = re.compile(_INTEGER)


def checked_datatypes() -> frozenset[str]:
    """The datatype IRIs whose lexical forms :func:`lexical_problem` checks."""
    return frozenset(_LEXICAL) | {XSD + name for name in _INTEGERS}


def lexical_problem(value: str, datatype: str) -> str | None:
    """Why ``value`` is not a lexical form of ``datatype`` (an IRI), or None when it is (or
    when the datatype is not one of XML Schema's).

    >>> lexical_problem("2019-02-29", XSD + "date")
    'no such day'
    >>> lexical_problem("300", XSD + "byte")
    'out of range (-128 to 127)'
    """
    name = datatype.removeprefix(XSD)
    if name in _INTEGERS and datatype.startswith(XSD):
        if not _INTEGER_FORM.fullmatch(value):
            return "not an integer"
        low, high = _INTEGERS[name]
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return f"out of range ({low if low is not None else '...'} to " \
                   f"{high if high is not None else '...'})"
        return None
    pattern = _LEXICAL.get(datatype)
    if pattern is None:
        return None
    match = pattern.fullmatch(value)
    if match is None:
        return "not in its lexical form"
    fields = match.groupdict()
    if fields.get("m") is not None and not 1 <= int(fields["m"]) <= 12:
        return "no such month"
    if fields.get("d") is not None:
        month = int(fields["m"]) if fields.get("m") else 1
        # XML Schema 1.1 years are astronomical (0 = 1 BCE); without a year, 29 February is
        # allowed (--02-29).
        leap = calendar.isleap(int(fields["y"])) if fields.get("y") else True
        days = calendar.mdays[month] + (1 if month == 2 and leap else 0)
        if not 1 <= int(fields["d"]) <= days:
            return "no such day"
    return None


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def first_non_xml_char(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot hold, or None."""
    found = _NOT_XML.search(text)
    return found.group() if found else None


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def first_non_xml_char_in_sparql(text: str) -> str | None:
    """The first character XML 1.0 cannot hold in a SPARQL text, written raw or as a
    ``\\u``/``\\U`` escape (which SPARQL reads as that character), or None."""
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return first_non_xml_char(_UCHAR.sub(decode, text))
