def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise KeyError("k")
    return n

log = []
for n in [0, 1, 2]:
    try:
        risky(n)
    except ValueError as e:
        log.append("value:" + str(e))
    except (KeyError, IndexError) as e:
        log.append("lookup:" + repr(e))
    else:
        log.append("ok")
    finally:
        log.append("finally")
assert_eq(log, ["value:zero", "finally", "lookup:KeyError('k')", "finally", "ok", "finally"])

class MyError(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise MyError("bad", 7)
except Exception as e:
    assert_eq((str(e), e.code, e.args), ("bad", 7, ("bad",)))
    assert_true(isinstance(e, MyError))

def f():
    try:
        return "try"
    finally:
        log.append("f-finally")
assert_eq(f(), "try")
assert_eq(log[-1], "f-finally")

def g():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            log.append("g%d" % i)
g()
assert_eq(log[-2:], ["g0", "g1"])

# re-raise
try:
    try:
        [][1]
    except IndexError:
        raise
except IndexError as e:
    assert_eq(str(e), "list index out of range")

# raise from, bare except, nested
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except:
    caught = True
assert_true(caught)
# errors from the interpreter are catchable
try:
    None.foo
except AttributeError as e:
    assert_eq(str(e), "'NoneType' object has no attribute 'foo'")
try:
    int("x")
except ValueError as e:
    assert_eq(str(e), "invalid literal for int() with base 10: 'x'")
try:
    {}["missing"]
except LookupError as e:
    assert_eq(str(e), "'missing'")
# assert statement
try:
    assert 1 == 2, "math"
except AssertionError as e:
    assert_eq(str(e), "math")

# with statement
class CM:
    def __init__(self, suppress):
        self.suppress = suppress
        self.events = []
    def __enter__(self):
        self.events.append("enter")
        return self
    def __exit__(self, typ, val, tb):
        self.events.append("exit:" + (typ.__name__ if typ else "None"))
        return self.suppress
cm = CM(True)
with cm as c:
    c.events.append("body")
    raise ValueError("x")
assert_eq(cm.events, ["enter", "body", "exit:ValueError"])
cm2 = CM(False)
try:
    with cm2:
        raise KeyError("y")
except KeyError:
    cm2.events.append("caught")
assert_eq(cm2.events, ["enter", "exit:KeyError", "caught"])
with CM(False) as a, CM(False) as b:
    pass
assert_eq((a.events, b.events), (["enter", "exit:None"], ["enter", "exit:None"]))
---
raise ValueError("bad value") ### "ValueError: bad value"
---
class MyErr(Exception):
    pass
def inner():
    raise MyErr("deep") ### "MyErr: deep"
def outer():
    inner()
outer()
---
raise 42 ### "TypeError: exceptions must derive from BaseException"
---
try:
    1 / 0
except 42: ### "catching classes that do not inherit from BaseException"
    pass
---
raise ### "RuntimeError: No active exception to reraise"
---
assert False ### "AssertionError"
---
import sys
sys.exit(3) ### "SystemExit: 3"
---
with 42: ### "'int' object does not support the context manager protocol"
    pass
