def gen(n):
    for i in range(n):
        yield i * i
assert_eq(list(gen(4)), [0, 1, 4, 9])
g = gen(3)
assert_eq(next(g), 0)
assert_eq(next(g), 1)
assert_eq(next(g), 4)
assert_eq(next(g, "done"), "done")

def infinite():
    i = 0
    while True:
        yield i
        i += 1
it = infinite()
assert_eq([next(it) for _ in range(5)], [0, 1, 2, 3, 4])
for v in infinite():
    if v > 3:
        break
assert_eq(v, 4)

def delegate():
    yield "a"
    yield from gen(2)
    yield from ["z"]
assert_eq(list(delegate()), ["a", 0, 1, "z"])

def with_return():
    yield 1
    return
    yield 2
assert_eq(list(with_return()), [1])

def echo():
    got = yield "ready"
    while True:
        got = yield "got %s" % got
e = echo()
assert_eq(next(e), "ready")
assert_eq(e.send(5), "got 5")
assert_eq(e.send("x"), "got x")

def data_generator(batch):
    while True:
        yield ("x" * batch, batch)
gen_obj = data_generator(2)  # a training generator that is never consumed
assert_eq(type(gen_obj).__name__, "generator")

class Counter:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
assert_eq(list(Counter(3)), [1, 2, 3])
class Seq:
    def __iter__(self):
        yield 1
        yield 2
assert_eq(list(Seq()), [1, 2])
assert_eq(sum(x for x in range(5)), 10)
ge = (x for x in range(3))
assert_eq(list(ge), [0, 1, 2])
assert_eq(list(ge), [])
assert_eq(dict((k, k * 2) for k in range(2)), {0: 0, 1: 2})
---
def bad():
    yield 1
    raise ValueError("in generator") ### "ValueError: in generator"
for x in bad():
    pass
