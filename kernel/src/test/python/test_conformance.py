"""Jupyter protocol conformance (jupyter_kernel_test) with a sample for every feature, plus the
checks the suite leaves out: completion contents, compile-error carets, silent and store_history."""
from __future__ import annotations

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

from kernel_harness import KERNEL_NAME, execute

VEGA_LITE_SPEC = (
    'Map.of("$schema", "https://vega.github.io/schema/vega-lite/v5.json", "mark", "bar", '
    '"data", Map.of("values", List.of(Map.of("a", "x", "b", 1))), '
    '"encoding", Map.of("x", Map.of("field", "a", "type", "nominal"), '
    '"y", Map.of("field", "b", "type", "quantitative")))'
)


class LakehouseJavaConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    # Without "matches" the suite only validates the reply; contents are checked below.
    completion_samples = [{"text": "Strin"}, {"text": "conformanceGreet"}, {"text": "Math.ma"}]

    complete_code_samples = ["int a = 1;", "1 + 1", "void g() {}", "class Box { int v; }", "import java.util.*;"]
    incomplete_code_samples = ["int a = (1 +", "void f() {", "for (int i = 0; i < 3; i++) {"]
    # What JShell's analyzeCompletion classifies as UNKNOWN: it can never become valid by adding text.
    invalid_code_samples = ["int a = ;", 'System.out.println("x"));', ")"]

    code_generate_error = 'throw new RuntimeException("boom");'

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": 'dev.lakehouse.magics.api.DisplayData.html("<b>rich</b>", "rich")', "mime": "text/html"},
    ]
    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display("plain value");', "mime": "text/plain"},
        {"code": 'displayHtml("<b>bold</b>");', "mime": "text/html"},
        {"code": 'displayMarkdown("# Title");', "mime": "text/markdown"},
        {"code": f'display(dev.lakehouse.magics.api.DisplayData.vegaLite({VEGA_LITE_SPEC}, "chart"));',
         "mime": "application/vnd.vegalite.v5+json"},
    ]

    code_inspect_sample = "String"
    code_clear_output = "clearOutput();"

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        run = execute(cls.kc, 'String conformanceGreeting = "hi";')
        assert run.status == "ok", run.describe()

    def complete(self, code: str, cursor_pos: int | None = None) -> dict:
        self.flush_channels()
        msg_id = self.kc.complete(code, cursor_pos)
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "complete_reply", msg_id)
        return reply["content"]

    def test_completion_offers_jdk_type(self) -> None:
        content = self.complete("Strin")
        self.assertEqual(content["status"], "ok")
        self.assertIn("String", content["matches"])
        self.assertEqual(content["cursor_start"], 0)
        self.assertEqual(content["cursor_end"], 5)

    def test_completion_offers_notebook_variable(self) -> None:
        content = self.complete("conformanceGreet")
        self.assertIn("conformanceGreeting", content["matches"])

    def test_completion_of_member_replaces_only_the_member(self) -> None:
        content = self.complete("conformanceGreeting.toUpper")
        self.assertTrue(any(m.startswith("toUpperCase") for m in content["matches"]), content)
        self.assertEqual(content["cursor_start"], len("conformanceGreeting."))

    def test_inspect_shows_signature(self) -> None:
        self.flush_channels()
        code = "conformanceGreeting.substring("  # JShell documents a call site, as Shift-Tab in JupyterLab sends it
        msg_id = self.kc.inspect(code, len(code))
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "inspect_reply", msg_id)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("substring(int", reply["content"]["data"]["text/plain"])

    def test_compile_error_points_at_the_code(self) -> None:
        self.flush_channels()
        reply, outputs = self.execute_helper('int notANumber = "text";')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual([m["msg_type"] for m in outputs], ["error"])
        traceback = "\n".join(outputs[0]["content"]["traceback"])
        self.assertIn("incompatible types", traceback)
        self.assertIn('int notANumber = "text";', traceback)
        self.assertIn("^", traceback)

    def test_runtime_error_has_a_trimmed_stack_trace(self) -> None:
        self.flush_channels()
        reply, outputs = self.execute_helper('Integer.parseInt("x1");')
        self.assertEqual(reply["content"]["status"], "error")
        error = outputs[0]["content"]
        self.assertIn("NumberFormatException", error["ename"] + error["evalue"])
        frames = [line for line in "\n".join(error["traceback"]).splitlines() if line.strip().startswith("at ")]
        self.assertLess(len(frames), 15, "stack trace not trimmed to the user's frames")

    def test_silent_execution_publishes_no_output(self) -> None:
        self.flush_channels()
        reply, outputs = self.execute_helper('System.out.println("shh"); 5', silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m for m in outputs if m["msg_type"] in ("stream", "execute_result")], [])

    def test_store_history_false_keeps_execution_count(self) -> None:
        self.flush_channels()
        first, _ = self.execute_helper("int countedCell = 1;")
        self.execute_helper("int uncountedCell = 2;", store_history=False)
        second, _ = self.execute_helper("int countedAgain = 3;")
        self.assertEqual(second["content"]["execution_count"], first["content"]["execution_count"] + 1)

    def test_every_reply_carries_status(self) -> None:
        self.flush_channels()
        for send, reply_type in (
            (lambda: self.kc.kernel_info(), "kernel_info_reply"),
            (lambda: self.kc.comm_info(), "comm_info_reply"),
            (lambda: self.kc.history(hist_access_type="tail", n=1), "history_reply"),
        ):
            msg_id = send()
            reply = self.kc.get_shell_msg(timeout=15)
            validate_message(reply, reply_type, msg_id)
            self.assertEqual(reply["content"]["status"], "ok")

    def test_protocol_version_is_at_least_5_3(self) -> None:
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        major, minor = (int(p) for p in reply["content"]["protocol_version"].split(".")[:2])
        self.assertGreaterEqual((major, minor), (5, 3))
