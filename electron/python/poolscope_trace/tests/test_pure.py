"""The tracer's pure parts: run with `python3 -m unittest discover -s poolscope_trace/tests`
from electron/python (test/trace/python-unit.test.ts does, so CI runs them)."""

import functools
import json
import os
import signal
import unittest
from concurrent.futures.process import _process_chunk

from poolscope_trace import calls, encode, exits
from poolscope_trace.hooks import Settings


def slow_add(nsecs, x, y):
    return x + y


class JsonableTest(unittest.TestCase):
    def test_plain_values_stay(self):
        for value in (None, True, 0, -3, 2.5, "text", [1, "a"], {"k": [1, 2]}):
            self.assertEqual(encode.jsonable(value), value if not isinstance(value, tuple) else list(value))

    def test_tuples_become_lists(self):
        self.assertEqual(encode.jsonable((1, (2, 3))), [1, [2, 3]])

    def test_numbers_javascript_cannot_hold_become_text(self):
        self.assertEqual(encode.jsonable(2**64), str(2**64))
        self.assertEqual(encode.jsonable(float("nan")), "nan")
        self.assertEqual(encode.jsonable(float("inf")), "inf")

    def test_other_objects_are_their_repr(self):
        self.assertEqual(encode.jsonable({1, 2}), "{1, 2}")
        self.assertEqual(encode.jsonable(ValueError("x")), "ValueError('x')")

    def test_a_failing_repr_is_named_not_raised(self):
        class Bad:
            def __repr__(self):
                raise RuntimeError("no")

        self.assertEqual(encode.jsonable(Bad()), "<Bad (repr failed: RuntimeError)>")

    def test_bounds(self):
        big = encode.jsonable(list(range(1000)))
        self.assertEqual(len(big), encode.MAX_ITEMS + 1)
        self.assertEqual(big[-1], f"... {1000 - encode.MAX_ITEMS} more")
        text = encode.jsonable("x" * 5000)
        self.assertTrue(text.startswith("x" * encode.MAX_STRING))
        self.assertTrue(text.endswith("(4000 more characters)"))
        deep = encode.jsonable([[[[[[1]]]]]])
        self.assertEqual(deep, [[[["[[1]]"]]]])

    def test_a_value_too_big_even_when_bounded_is_its_clipped_repr(self):
        huge = [[list(range(50))] * 50] * 50
        self.assertIsInstance(encode.bounded(huge), str)
        self.assertLessEqual(len(encode.bounded(huge)), encode.MAX_VALUE_CHARS + 40)
        self.assertEqual(len(encode.call_args((huge,), {})), 1)
        self.assertEqual(encode.bounded([1, 2]), [1, 2])

    def test_call_args_lists_keywords_last(self):
        self.assertEqual(encode.call_args((1, 6, 7), {}), [1, 6, 7])
        self.assertEqual(encode.call_args((1,), {"y": 2}), [1, {"y": 2}])


class NamesTest(unittest.TestCase):
    def test_functions_by_qualified_name(self):
        self.assertEqual(encode.fn_name(slow_add), "slow_add")
        self.assertEqual(encode.fn_name(JsonableTest.test_bounds), "JsonableTest.test_bounds")

    def test_partials_and_map_chunks(self):
        self.assertEqual(encode.fn_name(functools.partial(slow_add, 1)), "slow_add")
        self.assertEqual(encode.fn_name(functools.partial(_process_chunk, slow_add)), "map(slow_add)")


class ErrorTest(unittest.TestCase):
    def test_traceback_as_python_prints_it(self):
        try:
            raise ValueError("Called broken function")
        except ValueError as e:
            error = encode.error_of(e)
        self.assertEqual(error["name"], "ValueError")
        self.assertEqual(error["message"], "Called broken function")
        self.assertTrue(error["stack"].startswith("Traceback (most recent call last):\n"))
        self.assertTrue(error["stack"].endswith("ValueError: Called broken function\n"))

    def test_skipping_the_wrappers_frame(self):
        def inner():
            raise KeyError("k")

        try:
            inner()
        except KeyError as e:
            whole, skipped = encode.error_of(e), encode.error_of(e, skip_frames=1)
        self.assertIn("test_skipping_the_wrappers_frame", whole["stack"])
        self.assertNotIn("test_skipping_the_wrappers_frame", skipped["stack"])
        self.assertIn("in inner", skipped["stack"])


class WireTest(unittest.TestCase):
    def test_one_line_of_json_per_event(self):
        data = encode.line({"e": "out", "line": "a\nb é"})
        self.assertTrue(data.endswith(b"\n"))
        self.assertEqual(data.count(b"\n"), 1)
        self.assertEqual(json.loads(data), {"e": "out", "line": "a\nb é"})

    def test_hand_written_lines_are_what_line_writes(self):
        def slow_add(a, b, c):
            return a + b + c

        chunk = functools.partial(_process_chunk, slow_add)
        cases = [
            (slow_add, (1, 6, 7), {}),
            (slow_add, (), {}),
            (slow_add, ('quote " and é', [1, 2**60], None), {"key": 1.5}),
            (chunk, ([(1, 2, 3)],), {}),
            (print, (), {"end": ""}),
        ]
        for fn, args, kwargs in cases:
            for t in (1796122691123.4565, 0.001, 5e-324):
                expected = {"e": "submit", "id": 7, "fn": encode.fn_name(fn), "args": encode.call_args(args, kwargs), "t": t}
                self.assertEqual(encode.submit_line(7, fn, args, kwargs, t), encode.line(expected))
                self.assertEqual(encode.queued_line(7, t), encode.line({"e": "queued", "id": 7, "t": t}))

    def test_a_function_name_cache_that_stays_bounded(self):
        for i in range(encode.MAX_NAMES * 2 + 5):
            fn = functools.partial(print, i)
            self.assertIn(b'"fn":"print"', encode.submit_line(i, fn, (), {}, 1.0))
        self.assertLessEqual(len(encode._names), encode.MAX_NAMES)

    def test_a_channel_without_poolscope_writes_nothing_and_never_raises(self):
        from poolscope_trace.channel import Channel

        quiet = Channel(None)
        quiet.send_soon(b"x\n")
        quiet.send({"e": "out"})
        quiet.flush()
        self.assertTrue(quiet.usable())
        self.assertIsNone(quiet.socket())

    def test_clock_is_monotonic_plus_offset(self):
        encode.set_clock_offset(10**15)
        try:
            a = encode.now_ms()
            self.assertGreater(a, 10**9)
            self.assertLessEqual(a, encode.now_ms())
        finally:
            encode.set_clock_offset(0)


class SettingsTest(unittest.TestCase):
    def test_max_workers_when_the_script_passes_none_or_always_if_forced(self):
        table = [
            ({}, None, None),
            ({}, 3, 3),
            ({"POOLSCOPE_MAX_WORKERS": "4"}, None, 4),
            ({"POOLSCOPE_MAX_WORKERS": "4"}, 2, 2),
            ({"POOLSCOPE_MAX_WORKERS": "4", "POOLSCOPE_FORCE_MAX_WORKERS": "1"}, 2, 4),
            ({"POOLSCOPE_MAX_WORKERS": "zero"}, None, None),
            ({"POOLSCOPE_MAX_WORKERS": "0"}, None, None),
        ]
        for environ, asked, expected in table:
            with self.subTest(environ=environ, asked=asked):
                self.assertEqual(Settings(environ).workers(asked), expected)

    def test_start_method(self):
        self.assertEqual(Settings({"POOLSCOPE_START_METHOD": "spawn"}).start_method, "spawn")
        self.assertIsNone(Settings({"POOLSCOPE_START_METHOD": "default"}).start_method)
        self.assertIsNone(Settings({"POOLSCOPE_START_METHOD": "thread"}).start_method)


class ExitStatusTest(unittest.TestCase):
    def test_codes_and_signals(self):
        self.assertEqual(exits.decode_status(os.CLD_EXITED, 3), (3, None))
        self.assertEqual(exits.decode_status(os.CLD_KILLED, signal.SIGKILL), (None, "SIGKILL"))
        self.assertEqual(exits.returncode_status(None), None)
        self.assertEqual(exits.returncode_status(0), (0, None))
        self.assertEqual(exits.returncode_status(-signal.SIGTERM), (None, "SIGTERM"))

    def test_waitid_leaves_the_child_to_its_parent(self):
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        status = None
        while status is None:
            status = exits.exit_status(pid)
        self.assertEqual(status, (7, None))
        self.assertEqual(exits.exit_status(pid), (7, None))  # not reaped: readable again
        _, raw = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(raw), 7)


class LineSinkTest(unittest.TestCase):
    def setUp(self):
        self.sent = []
        self._report = calls._report
        calls._report = self.sent.append

    def tearDown(self):
        calls._report = self._report

    def test_whole_lines_with_the_call_under_way(self):
        sink = calls._LineSink("stdout", None)
        calls._current = 4
        try:
            self.assertEqual(sink.write("Process 1 going"), len("Process 1 going"))
            sink.write(" to sleep\nand ")
            sink.end_call()
        finally:
            calls._current = None
        lines = [(e["line"], e.get("id"), e["stream"]) for e in self.sent]
        self.assertEqual(lines, [("Process 1 going to sleep", 4, "stdout"), ("and ", 4, "stdout")])

    def test_bytes_are_refused_as_by_a_text_stream(self):
        with self.assertRaises(TypeError):
            calls._LineSink("stdout", None).write(b"x")


if __name__ == "__main__":
    unittest.main()
