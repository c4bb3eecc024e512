"""python3 -m poolscope_trace SCRIPT [ARGS...]: runs SCRIPT as __main__, unchanged, traced."""

import os
import sys

USAGE = "usage: python3 -m poolscope_trace SCRIPT [ARGS...]"


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2
    script = argv[0]
    if not os.path.isfile(script):
        print(f"poolscope_trace: {script}: no such file", file=sys.stderr)
        return 2

    from . import runner

    return runner.run(script, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
