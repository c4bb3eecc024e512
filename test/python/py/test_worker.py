"""The CPython worker's pure parts: values, errors, output lines and the runner, without a process."""
import os
import sys
import tempfile
import unittest

from poolscope_worker import output, values
from poolscope_worker.runner import Runner


class EncodeResult(unittest.TestCase):
    def test_json_values_pass_as_they_are(self):
        for value in [13, -2.5, "concat", None, True, [1, [2]], {"a": [None]}]:
            self.assertEqual(values.encode_result(value), value)

    def test_what_json_would_change_is_its_repr(self):
        cases = [
            ((1, 2), "(1, 2)"),
            ({3}, "{3}"),
            (2**60, str(2**60)),
            (float("nan"), "nan"),
            ({1: "a"}, "{1: 'a'}"),
            ([(1,)], "[(1,)]"),
        ]
        for value, text in cases:
            self.assertEqual(values.encode_result(value), {values.REPR_KEY: text})

    def test_a_dict_shaped_like_the_marker_is_sent_as_its_repr(self):
        self.assertEqual(
            values.encode_result({"$repr": "x"}), {values.REPR_KEY: "{'$repr': 'x'}"}
        )

    def test_too_large_a_result_says_so(self):
        with self.assertRaisesRegex(values.ResultTooLarge, r"^the result is 9\.0 MB as JSON"):
            values.encode_result("x" * 9_000_000)


class Oops(Exception):
    pass


Oops.__module__ = "tasks"


class SerializeError(unittest.TestCase):
    def test_name_as_a_traceback_prints_it_and_no_poolscope_frames(self):
        try:
            raise Oops("boom")
        except Oops as exc:
            error = values.serialize_error(exc)
        self.assertEqual(error["name"], "tasks.Oops")
        self.assertEqual(error["message"], "boom")
        self.assertTrue(error["stack"].endswith("tasks.Oops: boom"))
        self.assertIn("test_worker.py", error["stack"])


class LineStream(unittest.TestCase):
    def test_lines_are_cut_at_newlines_and_at_max_line(self):
        lines = []
        stream = output.LineStream("stdout", lambda s, line: lines.append((s, line)))
        stream.write("a\nb")
        stream.write("c\r\n" + "x" * (output.MAX_LINE + 5))
        stream.end_line()
        self.assertEqual(
            lines,
            [("stdout", "a"), ("stdout", "bc"), ("stdout", "x" * output.MAX_LINE), ("stdout", "xxxxx")],
        )


class RunnerTest(unittest.TestCase):
    def test_a_module_under_its_own_name_and_its_calls_events(self):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "words.py")
        with open(path, "w") as f:
            f.write('def join(a, b):\n    return a + b\n\nif __name__ == "__main__":\n    raise SystemExit(1)\n')
        events = []
        runner = Runner(events.append)
        self.assertIsNone(runner.init({"modules": [path], "initializer": None}))
        self.assertEqual(sys.modules["words"].__name__, "words")
        t0 = runner.start(0)
        runner.run([0, "join", ["con", "cat"]], t0)
        runner.run([1, "join", [1]], runner.start(1))
        runner.run([2, "nope", []], runner.start(2))
        done = [e for e in events if e[0] == "done"]
        self.assertEqual(done[0][4:], [1, "concat"])
        self.assertEqual(done[1][5]["name"], "TypeError")
        self.assertEqual(done[2][5]["message"], "module 'words' has no function 'nope'")

    def test_an_import_error_is_the_init_failure(self):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "bad.py")
        with open(path, "w") as f:
            f.write("def f(:\n")
        error = Runner(lambda e: None).init({"modules": [path], "initializer": None})
        self.assertEqual(error["name"], "SyntaxError")
        self.assertIn('bad.py", line 1', error["stack"])


if __name__ == "__main__":
    unittest.main()


class Summary(unittest.TestCase):
    def test_a_wrapped_first_sentence_is_one_line(self):
        import poolscope_inspect

        doc = "\n    Function that sleeps for 'nsecs' seconds, and\n    then returns the sum of x and y\n\n    More.\n"
        self.assertEqual(
            poolscope_inspect.summary(doc),
            "Function that sleeps for 'nsecs' seconds, and then returns the sum of x and y",
        )
        self.assertEqual(poolscope_inspect.summary(None), "")
