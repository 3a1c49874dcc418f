while True: ### "execution stopped after 2000000 steps"
    pass
---
def f():
    return f() ### "RecursionError"
f()
---
x = [0] * 10**12 ### "MemoryError: allocating .* exceeds the memory budget"
---
s = "a" * 10**10 ### "MemoryError"
---
l = []
while True:
    l.append(1) ### "MemoryError|execution stopped"
---
s = "ab"
for i in range(100):
    s = s + s ### "MemoryError"
---
x = 2 ** 10 ** 10 ### "OverflowError"
---
d = {}
for i in range(10**9):
    d[i] = i ### "execution stopped|MemoryError"
---
sum(range(10**12)) ### "execution stopped"
---
list(range(10**12)) ### "MemoryError|execution stopped"
---
"%s" % ("x" * 10**8) ### "MemoryError"
---
"{:>100000000}".format(1) ### "Too many decimal digits|MemoryError"
---
x = []
for i in range(50):
    x = [x, x]
s = str(x) ### "MemoryError|execution stopped"
---
def g():
    while True:
        yield 1
list(g()) ### "MemoryError|execution stopped"
---
class A:
    def __init__(self):
        self.a = A() ### "RecursionError"
A()
---
class A:
    def __getattr__(self, name):
        return self.missing ### "RecursionError"
A().x
---
class A:
    def __repr__(self):
        return repr(self) ### "RecursionError"
repr(A())
---
def gen():
    yield from gen() ### "RecursionError"
list(gen())
---
import itertools_missing
x = itertools_missing.count()
for i in x:
    pass
