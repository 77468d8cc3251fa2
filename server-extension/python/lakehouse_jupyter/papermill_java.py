"""papermill parameter translator for Java notebooks (the ``lakehouse-java`` kernel).

papermill writes run parameters into an ``injected-parameters`` cell in the notebook's language.
This translator writes typed Java declarations, e.g. ``-p n 5 -p day 2024-01-01`` gives::

    // Parameters
    int n = 5;
    String day = "2024-01-01";

Types follow the Python values papermill passes: str -> String, bool -> boolean, int -> int
(long with an L suffix beyond the int range), float -> double, list -> java.util.List,
dict -> java.util.Map, None -> ``Object x = null;``. Strings stay strings (a date too).

papermill 2.7 discovers engines, not translators, through entry points. Importing this module
registers the translator (for the language ``java`` and the kernel ``lakehouse-java``); the
package's ``papermill.engine`` entry point makes papermill import it on start-up.
"""

import math
import re

from papermill.engines import NBClientEngine
from papermill.exceptions import PapermillException
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

KERNEL_NAME = "lakehouse-java"
LANGUAGE = "java"

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

JAVA_KEYWORDS = frozenset(
    """abstract assert boolean break byte case catch char class const continue default do double
    else enum extends final finally float for goto if implements import instanceof int interface
    long native new package private protected public return short static strictfp super switch
    synchronized this throw throws transient try void volatile while true false null var record
    yield sealed permits _""".split()
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_SIMPLE_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}

# One declaration per line: [final] TYPE name = value;  // help
_DECLARATION = re.compile(
    r"^\s*(?:final\s+)?(?P<type>[\w.$]+(?:\s*<[^=]*>)?)\s+(?P<name>[A-Za-z_$][\w$]*)\s*=\s*(?P<value>.*?)\s*;"
    r"\s*(?://\s*(?P<help>.*))?$"
)


class JavaTranslator(Translator):
    """Typed Java declarations for papermill parameters."""

    @classmethod
    def translate_escaped_str(cls, str_val):
        text = str(str_val)
        out = []
        for char in text:
            if char in _SIMPLE_ESCAPES:
                out.append(_SIMPLE_ESCAPES[char])
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                # Octal, never \\uXXXX: javac turns unicode escapes into characters before lexing,
                # so \\u000a would end the string literal.
                out.append("\\%03o" % ord(char))
            else:
                out.append(char)
        return '"' + "".join(out) + '"'

    @classmethod
    def translate_none(cls, val):
        return "null"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_int(cls, val):
        if not LONG_MIN <= val <= LONG_MAX:
            raise PapermillException(f"integer {val} does not fit in a Java long")
        return f"{val}L" if not INT_MIN <= val <= INT_MAX else str(val)

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "Double.NaN"
        if math.isinf(val):
            return "Double.POSITIVE_INFINITY" if val > 0 else "Double.NEGATIVE_INFINITY"
        text = repr(float(val))
        return text if any(c in text for c in ".eE") else text + ".0"

    @classmethod
    def translate_list(cls, val):
        element_type = cls.element_type(val)
        items = ", ".join(cls.translate_element(item, element_type) for item in val)
        # List.of rejects null elements; Arrays.asList allows them.
        factory = "java.util.Arrays.asList" if any(item is None for item in val) else "java.util.List.of"
        return f"{factory}({items})"

    @classmethod
    def translate_dict(cls, val):
        for key in val:
            if not isinstance(key, str):
                raise PapermillException(f"dict parameter keys must be strings for Java, got {key!r}")
        value_type = cls.element_type(list(val.values()))
        entries = ", ".join(
            f"java.util.Map.entry({cls.translate_str(key)}, {cls.translate_element(value, value_type)})"
            for key, value in val.items()
        )
        return f"java.util.Map.ofEntries({entries})"

    @classmethod
    def translate_element(cls, item, element_type):
        """An element of a typed collection: Long and Double elements need the matching literal form."""
        if element_type == "Long" and isinstance(item, int) and not isinstance(item, bool):
            return f"{item}L"
        if element_type == "Double" and isinstance(item, int) and not isinstance(item, bool):
            return f"{item}.0"
        return cls.translate(item)

    @classmethod
    def element_type(cls, items):
        """The Java element type shared by ``items``: String, Boolean, Integer, Long, Double or Object."""
        values = [item for item in items if item is not None]
        if not values:
            return "String" if not items else "Object"
        if all(isinstance(v, str) for v in values):
            return "String"
        if all(isinstance(v, bool) for v in values):
            return "Boolean"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "Integer" if all(INT_MIN <= v <= INT_MAX for v in values) else "Long"
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "Double"
        return "Object"

    @classmethod
    def java_type(cls, val):
        """The declared type for a parameter value."""
        if val is None:
            return "Object"
        if isinstance(val, str):
            return "String"
        if isinstance(val, bool):
            return "boolean"
        if isinstance(val, int):
            return "int" if INT_MIN <= val <= INT_MAX else "long"
        if isinstance(val, float):
            return "double"
        if isinstance(val, list):
            return f"java.util.List<{cls.element_type(val)}>"
        if isinstance(val, dict):
            return f"java.util.Map<String, {cls.element_type(list(val.values()))}>"
        return "String"

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        # Only used by the base class; codify below writes typed declarations itself.
        return f"{name} = {str_val};"

    @classmethod
    def declaration(cls, name, val):
        check_identifier(name)
        return f"{cls.java_type(val)} {name} = {cls.translate(val)};"

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        lines = [cls.comment(comment)]
        lines.extend(cls.declaration(name, val) for name, val in parameters.items())
        return "\n".join(lines) + "\n"

    @classmethod
    def inspect(cls, parameters_cell):
        """Parameters declared one per line as ``TYPE name = value;  // help`` (others are ignored)."""
        parameters = []
        for line in parameters_cell.source.splitlines():
            match = _DECLARATION.match(line)
            if match:
                parameters.append(
                    Parameter(
                        name=match.group("name"),
                        inferred_type_name=re.sub(r"\s+", "", match.group("type")),
                        default=match.group("value"),
                        help=(match.group("help") or "").strip(),
                    )
                )
        return parameters


def check_identifier(name):
    """Raise a PapermillException unless ``name`` can be a Java variable name."""
    if not _IDENTIFIER.match(name) or name in JAVA_KEYWORDS:
        raise PapermillException(
            f"parameter name {name!r} is not a valid Java variable name; "
            "use letters, digits, _ or $, not starting with a digit, and no Java keyword"
        )


class LakehouseJavaEngine(NBClientEngine):
    """papermill's default engine, unchanged; registered so papermill imports this module on start-up."""


def register():
    """Register the translator for the kernel name and the language (idempotent)."""
    papermill_translators.register(KERNEL_NAME, JavaTranslator)
    papermill_translators.register(LANGUAGE, JavaTranslator)


register()
