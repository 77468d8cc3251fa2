"""Tests for the papermill Java translator. Pure Python, except one test that runs the generated
code through the JDK's jshell when it is on PATH."""

import base64
import json
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from papermill.exceptions import PapermillException
from papermill.translators import papermill_translators, translate_parameters

from lakehouse_jupyter.papermill_java import JavaTranslator

REPO = Path(__file__).resolve().parents[3]
ETL_NOTEBOOK = REPO / "notebooks" / "jobs" / "etl.ipynb"


def declare(name, value):
    return JavaTranslator.declaration(name, value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-01", 'String p = "2024-01-01";'),
        (True, "boolean p = true;"),
        (False, "boolean p = false;"),
        (5, "int p = 5;"),
        (-7, "int p = -7;"),
        (2**31 - 1, "int p = 2147483647;"),
        (-(2**31), "int p = -2147483648;"),
        (2**31, "long p = 2147483648L;"),
        (-(2**31) - 1, "long p = -2147483649L;"),
        (1.5, "double p = 1.5;"),
        (1e20, "double p = 1e+20;"),
        (float("nan"), "double p = Double.NaN;"),
        (float("-inf"), "double p = Double.NEGATIVE_INFINITY;"),
        (None, "Object p = null;"),
        (["a", "b"], 'java.util.List<String> p = java.util.List.of("a", "b");'),
        ([], "java.util.List<String> p = java.util.List.of();"),
        ([1, 2], "java.util.List<Integer> p = java.util.List.of(1, 2);"),
        ([1, 2**40], "java.util.List<Long> p = java.util.List.of(1L, 1099511627776L);"),
        ([1, 2.5], "java.util.List<Double> p = java.util.List.of(1.0, 2.5);"),
        (["a", None], 'java.util.List<String> p = java.util.Arrays.asList("a", null);'),
        (["a", 1], 'java.util.List<Object> p = java.util.List.of("a", 1);'),
        ({"k": "v"}, 'java.util.Map<String, String> p = java.util.Map.ofEntries(java.util.Map.entry("k", "v"));'),
    ],
)
def test_python_values_become_typed_java_declarations(value, expected):
    assert declare("p", value) == expected


@pytest.mark.parametrize(
    "text, literal",
    [
        ('say "hi"', r'"say \"hi\""'),
        ("C:\\users\\u0041", r'"C:\\users\\u0041"'),
        ("two\nlines\ttab\r", r'"two\nlines\ttab\r"'),
        ("bell\x07nul\x00", r'"bell\007nul\000"'),
        ("héllo 日本 🎉", '"héllo 日本 🎉"'),
    ],
)
def test_strings_are_escaped_for_java(text, literal):
    assert JavaTranslator.translate_str(text) == literal


def test_codify_writes_a_comment_and_one_declaration_per_parameter():
    code = translate_parameters("lakehouse-java", "java", {"n": 5, "day": "2024-01-01"})
    assert code == '// Parameters\nint n = 5;\nString day = "2024-01-01";\n'


@pytest.mark.parametrize("name", ["class", "my-param", "1st", "a b", "null"])
def test_names_that_java_cannot_declare_are_refused(name):
    with pytest.raises(PapermillException, match="not a valid Java variable name"):
        declare(name, 1)


def test_integers_beyond_long_and_non_string_map_keys_are_refused():
    with pytest.raises(PapermillException, match="does not fit in a Java long"):
        declare("p", 2**63)
    with pytest.raises(PapermillException, match="keys must be strings"):
        declare("p", {1: "a"})


def test_registered_for_the_kernel_and_the_language():
    assert papermill_translators.find_translator("lakehouse-java", "anything") is JavaTranslator
    assert papermill_translators.find_translator("some-java-kernel", "java") is JavaTranslator


def test_installed_entry_points_make_papermill_import_the_translator():
    engines = {ep.name: ep.value for ep in entry_points(group="papermill.engine")}
    assert engines.get("lakehouse-java") == "lakehouse_jupyter.papermill_java:LakehouseJavaEngine"
    # A fresh interpreter that only imports papermill must find the translator.
    probe = (
        "import papermill\n"
        "from papermill.translators import papermill_translators\n"
        "print(papermill_translators.find_translator('x', 'java').__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "JavaTranslator"


def test_papermill_cli_injects_typed_java_after_the_parameters_cell(tmp_path):
    output = tmp_path / "out.ipynb"
    papermill = Path(sys.executable).parent / "papermill"
    subprocess.run(
        [str(papermill), str(ETL_NOTEBOOK), str(output), "--prepare-only",
         "-p", "sampleSize", "9", "-p", "runDate", "2024-02-01", "-p", "strict", "True"],
        capture_output=True, text=True, check=True,
    )
    cells = json.loads(output.read_text())["cells"]
    tags = [cell["metadata"].get("tags", []) for cell in cells]
    parameters_index = tags.index(["parameters"])
    injected = cells[parameters_index + 1]
    assert injected["metadata"]["tags"] == ["injected-parameters"]
    assert "".join(injected["source"]) == (
        '// Parameters\nint sampleSize = 9;\nString runDate = "2024-02-01";\nboolean strict = true;\n'
    )


def test_inspect_reads_the_java_parameters_cell():
    import papermill

    parameters = papermill.inspect_notebook(str(ETL_NOTEBOOK))
    assert list(parameters) == ["runDate", "sampleSize", "dataDir"]
    assert parameters["sampleSize"]["inferred_type_name"] == "int"
    assert parameters["sampleSize"]["default"] == "5"
    assert parameters["runDate"]["default"] == '"2024-01-01"'


@pytest.mark.skipif(shutil.which("jshell") is None, reason="needs the JDK's jshell on PATH")
def test_generated_code_compiles_and_holds_the_values():
    values = {
        "text": 'q"uote\\back\nline\x01 日本',
        "count": 2**31 - 1,
        "big": 2**40,
        "ratio": 0.1,
        "flag": False,
        "names": ["a", "b,c"],
        "nothing": None,
        "weights": {"x": 1.5},
    }
    code = translate_parameters("lakehouse-java", "java", values)
    checks = "\n".join(
        [
            'System.out.println(java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));',
            "System.out.println(count + 0);",
            "System.out.println(big);",
            "System.out.println(ratio);",
            "System.out.println(flag);",
            'System.out.println(String.join("|", names));',
            "System.out.println(nothing == null);",
            'System.out.println(weights.get("x"));',
            "/exit",
        ]
    )
    result = subprocess.run(
        ["jshell", "-s", "-R-Dfile.encoding=UTF-8", "-J-Dfile.encoding=UTF-8", "-"],
        input=code + checks + "\n", capture_output=True, text=True, timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 0 and "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    import base64

    assert base64.b64decode(lines[0]).decode("utf-8") == values["text"]
    assert lines[1:] == [str(2**31 - 1), str(2**40), "0.1", "false", "a|b,c", "true", "1.5"]
