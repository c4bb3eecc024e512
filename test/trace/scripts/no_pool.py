import sys

print("no pool here")
print("stdin says", repr(sys.stdin.read()))
