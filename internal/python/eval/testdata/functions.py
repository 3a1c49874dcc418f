def f(a, b=2, *args, c=3, **kw):
    return (a, b, args, c, kw)
assert_eq(f(1), (1, 2, (), 3, {}))
assert_eq(f(1, 5, 6, 7, c=8, d=9), (1, 5, (6, 7), 8, {"d": 9}))
assert_eq(f(*[1, 2, 3], **{"c": 4}), (1, 2, (3,), 4, {}))
assert_eq(f(b=1, a=0), (0, 1, (), 3, {}))

def kwonly(a, *, b, c=1):
    return a + b + c
assert_eq(kwonly(1, b=2), 4)

def posonly(a, b, /, c):
    return a * 100 + b * 10 + c
assert_eq(posonly(1, 2, c=3), 123)

# closures and nonlocal
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
c()
c()
assert_eq(c(), 3)

def adders():
    return [lambda x, i=i: x + i for i in range(3)]
assert_eq([g(10) for g in adders()], [10, 11, 12])
late = [lambda: i for i in range(3)]
assert_eq([g() for g in late], [2, 2, 2])

def outer():
    x = 1
    def mid():
        def inner():
            return x
        return inner
    x = 5
    return mid()()
assert_eq(outer(), 5)

g = 10
def setg():
    global g
    g = 20
setg()
assert_eq(g, 20)

# decorators
def deco(fn):
    def wrapper(*a, **k):
        return ("wrapped", fn(*a, **k))
    return wrapper
@deco
def h(x):
    return x * 2
assert_eq(h(3), ("wrapped", 6))

def with_args(n):
    def d(fn):
        return lambda: fn() * n
    return d
@with_args(3)
def two():
    return 2
assert_eq(two(), 6)

# recursion
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
assert_eq(fact(20), 2432902008176640000)

# lambdas, sorted, map, filter
assert_eq(sorted([3, 1, 2], key=lambda x: -x), [3, 2, 1])
assert_eq(list(map(lambda x, y: x + y, [1, 2], [10, 20])), [11, 22])
assert_eq(list(filter(None, [0, 1, 2, ""])), [1, 2])
assert_eq(f.__name__, "f")
assert_eq((lambda: 1).__name__, "<lambda>")
def defaults_once(x=[]):
    x.append(1)
    return len(x)
defaults_once()
assert_eq(defaults_once(), 2)
---
def f(a, b):
    pass
f(1) ### "TypeError: f\(\) missing 1 required positional argument: 'b'"
---
def f(a):
    pass
f(1, 2) ### "f\(\) takes 1 positional argument but 2 were given"
---
def f(units, activation=None):
    pass
f(1, activaton="relu") ### "unexpected keyword argument 'activaton' \(did you mean 'activation'\?\)"
---
def f():
    return x ### "UnboundLocalError: local variable 'x' referenced before assignment"
    x = 1
f()
---
def f(n):
    return f(n + 1) ### "RecursionError: maximum recursion depth exceeded"
f(0)
---
def f():
    nonlocal q ### "no binding for nonlocal 'q' found"
