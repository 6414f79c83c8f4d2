"""Cells run through runtime.py with Pyodide's own eval_code_async: last expression, `;`,
display in the namespace, order of outputs and streams, errors, figures."""

import unittest

from support import ada_display, run_cells


def kinds(recorder):
    return [kind if kind != "output" else value["output_type"] for kind, value in recorder.merged()]


class RunTest(unittest.TestCase):
    def test_the_last_expression_is_an_execute_result_with_the_run_count(self):
        before = ada_display.execution_count
        statuses, recorder = run_cells("x = 20", "x * 2 + 2")
        self.assertEqual(statuses, ["completed", "completed"])
        self.assertEqual(
            recorder.outputs,
            [
                {
                    "output_type": "execute_result",
                    "execution_count": before + 2,
                    "data": {"text/plain": "42"},
                    "metadata": {},
                }
            ],
        )

    def test_a_trailing_semicolon_hides_the_value(self):
        _, recorder = run_cells("1 + 1;", "1 + 1  # ;", "None")
        self.assertEqual([output["data"] for output in recorder.outputs], [{"text/plain": "2"}])

    def test_display_needs_no_import_and_outputs_keep_their_place_among_prints(self):
        statuses, recorder = run_cells(
            'print("a")\ndisplay({"text/markdown": "**b**"}, raw=True)\nprint("c", end="")\n"d"'
        )
        self.assertEqual(statuses, ["completed"])
        self.assertEqual(kinds(recorder), ["stdout", "display_data", "stdout", "execute_result"])
        self.assertEqual(recorder.text("stdout"), "a\nc")
        self.assertEqual(recorder.outputs[0]["data"], {"text/markdown": "**b**"})

    def test_variables_and_top_level_await_work_across_cells(self):
        _, recorder = run_cells("import asyncio\nvalue = 5", "await asyncio.sleep(0)\nvalue + 1")
        self.assertEqual(recorder.outputs[0]["data"], {"text/plain": "6"})


class ErrorTest(unittest.TestCase):
    def test_the_traceback_starts_in_the_cell_and_names_each_cells_lines(self):
        statuses, recorder = run_cells("def ratio(x):\n    return 1 / x", "print('before')\nratio(0)")
        self.assertEqual(statuses, ["completed", "error"])
        [error] = recorder.outputs
        self.assertEqual(
            (error["output_type"], error["ename"], error["evalue"]),
            ("error", "ZeroDivisionError", "division by zero"),
        )
        traceback = "\n".join(error["traceback"])
        self.assertEqual(error["traceback"][0], "Traceback (most recent call last):")
        self.assertRegex(traceback, r'File "<cell-\d+>", line 2, in <module>\n    ratio\(0\)')
        self.assertRegex(traceback, r'File "<cell-\d+>", line 2, in ratio\n    return 1 / x')
        for runner in ("_base.py", "ada_display", "runtime.py", "asyncio"):
            self.assertNotIn(runner, traceback)
        self.assertEqual(error["traceback"][-1], "ZeroDivisionError: division by zero")
        self.assertEqual(kinds(recorder), ["stdout", "error"])

    def test_a_syntax_error_has_no_runner_frames(self):
        statuses, recorder = run_cells("x = (1,")
        self.assertEqual(statuses, ["error"])
        [error] = recorder.outputs
        self.assertEqual(error["ename"], "SyntaxError")
        self.assertNotIn("Traceback", error["traceback"][0])
        self.assertNotIn("_base.py", "\n".join(error["traceback"]))

    def test_a_memory_error_says_what_happened_and_suggests_sampling(self):
        _, recorder = run_cells("raise MemoryError()")
        [error] = recorder.outputs
        self.assertEqual(error["ename"], "MemoryError")
        self.assertIn("ran out of memory", error["evalue"])
        self.assertIn("about 2 GB", error["traceback"][-1])
        self.assertIn("nrows=", error["traceback"][-1])
        self.assertIn("usecols=", error["traceback"][-1])

    def test_interrupts_and_exits_end_the_cell_as_errors(self):
        statuses, recorder = run_cells("raise KeyboardInterrupt", "import sys\nsys.exit(3)")
        self.assertEqual(statuses, ["error", "error"])
        self.assertEqual(
            [output["ename"] for output in recorder.outputs], ["KeyboardInterrupt", "SystemExit"]
        )

    def test_an_exception_whose_text_fails_is_still_reported(self):
        cell = "class Odd(Exception):\n    def __str__(self):\n        raise RuntimeError\nraise Odd()"
        statuses, recorder = run_cells(cell)
        self.assertEqual(statuses, ["error"])
        [error] = recorder.outputs
        self.assertEqual((error["ename"], error["evalue"]), ("Odd", "<exception str() failed>"))


class FigureTest(unittest.TestCase):
    PLOT = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n"

    def test_open_figures_follow_the_value_and_are_closed(self):
        statuses, recorder = run_cells(self.PLOT + "'done'", "len(plt.get_fignums())")
        self.assertEqual(statuses, ["completed", "completed"])
        self.assertEqual(kinds(recorder), ["execute_result", "display_data", "execute_result"])
        value, figure, count = recorder.outputs
        self.assertEqual(value["data"], {"text/plain": "'done'"})
        self.assertEqual(figure["data"]["text/plain"], "<Figure size 640x480 with 1 Axes>")
        self.assertIn("image/png", figure["data"])
        self.assertEqual(count["data"], {"text/plain": "0"})

    def test_a_figure_as_the_value_is_shown_once(self):
        _, recorder = run_cells(self.PLOT + "plt.gcf()")
        [output] = recorder.outputs
        self.assertEqual(output["output_type"], "execute_result")
        self.assertIn("image/png", output["data"])

    def test_figures_of_a_failing_cell_come_after_the_error(self):
        statuses, recorder = run_cells(self.PLOT + "1 / 0")
        self.assertEqual(statuses, ["error"])
        self.assertEqual(kinds(recorder), ["error", "display_data"])


if __name__ == "__main__":
    unittest.main()
