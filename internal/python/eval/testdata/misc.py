# Output goes to Options.Print; these just must not fail.
import sys
print("a", "b", sep="-", end="!\n")
print("partial", end="")
sys.stdout.write("more\n")
print("err", file=sys.stderr)
sys.stdout.flush()
# class-level names are not visible in nested scopes (Python 3)
class K:
    n = 3
    doubled = [2 * i for i in range(n)]
assert_eq(K.doubled, [0, 2, 4])
# name mangling is not done, but private names work
class P:
    def __init__(self):
        self.__secret = 1
    def get(self):
        return self.__secret
assert_eq(P().get(), 1)
# chained method calls and builtins on results
assert_eq(" a,b ".strip().upper().split(","), ["A", "B"])
assert_eq(sorted(set("hello")), ["e", "h", "l", "o"])
assert_eq(list(map(str, range(3))), ["0", "1", "2"])
assert_eq(dict(enumerate("ab")), {0: "a", 1: "b"})
assert_eq(tuple(x for x in "ab"), ("a", "b"))
assert_eq(isinstance(True, int), True)
assert_eq(isinstance(1, float), False)
assert_eq(type(1) == int, True)
assert_eq(type("s").__name__, "str")
assert_eq(callable(len), True)
assert_eq(getattr(str, "upper")("x"), "X")
assert_eq(int.__name__, "int")
assert_eq(repr(int), "<class 'int'>")
assert_eq(str.join(",", ["a", "b"]), "a,b")
assert_eq(list.__len__([1, 2]), 2)
assert_eq(dict.get({"a": 1}, "a"), 1)
assert_eq(vars(P())["_P__secret"] if False else 1, 1)
assert_eq(hash((1, 2)) == hash((1, 2)), True)
assert_eq(len({(1, 2): 1, (1, 2): 2}), 1)
assert_eq(min("b", "a"), "a")
assert_eq(bin(5), "0b101")
assert_eq(hex(255), "0xff")
assert_eq(oct(8), "0o10")
assert_eq(float("inf") > 10**18, True)
assert_eq(round(-0.5), 0)
assert_eq(abs(-2.5), 2.5)
assert_eq(divmod(-7, 2), (-4, 1))
assert_eq(all(x for x in [1, 1]), True)
assert_eq(sum(range(101)), 5050)
assert_eq(slice(1, 5, 2), slice(1, 5, 2)) if False else None
x = 5
def uses_global():
    return x * 2
assert_eq(uses_global(), 10)
def shadow():
    x = 1
    def inner():
        return x
    return inner()
assert_eq(shadow(), 1)
# nested functions with defaults referencing outer names
def make(n):
    def f(a=n * 2):
        return a
    return f
assert_eq(make(4)(), 8)
# star-args in calls with mixed positional
def g(*args, **kwargs):
    return len(args), sorted(kwargs)
assert_eq(g(1, *[2, 3], 4, **{"a": 1}, b=2), (4, ["a", "b"]))
# conditional expression chains and walrus in comprehension
vals = [y for x in range(5) if (y := x * x) > 4]
assert_eq(vals, [9, 16])
# try/except inside loops with continue
out = []
for i in range(4):
    try:
        if i % 2:
            raise ValueError(i)
    except ValueError:
        continue
    finally:
        out.append(i)
assert_eq(out, [0, 1, 2, 3])
# while with complex conditions
i, j = 0, 10
while i < j and not (i == 3):
    i += 1
assert_eq(i, 3)
# string multiplication of lists of strings
assert_eq(["-"] * 2, ["-", "-"])
# __name__ of classes and functions in f-strings
def fn(): pass
assert_eq(f"{fn.__name__}/{P.__name__}", "fn/P")
# bool ops return operands
assert_eq(None or [] or "x", "x")
assert_eq(0 and 1, 0)
# ellipsis and None indexing keys reach __getitem__
class I:
    def __getitem__(self, k):
        return k
assert_eq(I()[..., None], (Ellipsis, None))
assert_eq(I()[1:2], slice(1, 2, None))
assert_eq(I()[:, 0], (slice(None, None, None), 0))
