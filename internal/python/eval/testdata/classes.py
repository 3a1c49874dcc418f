class Base(object):
    count = 0
    def __init__(self, x):
        self.x = x
        Base.count += 1
    def describe(self):
        return "Base(%d)" % self.x
    @property
    def double(self):
        return self.x * 2
    @staticmethod
    def smethod(a):
        return a + 1
    @classmethod
    def make(cls, x):
        return cls(x)
    def __repr__(self):
        return "<%s %d>" % (type(self).__name__, self.x)

class Child(Base):
    def __init__(self, x, y=0):
        super().__init__(x)
        self.y = y
    def describe(self):
        return "Child:" + super().describe()

c = Child(3, 4)
assert_eq(c.describe(), "Child:Base(3)")
assert_eq(c.double, 6)
assert_eq(Child.smethod(1), 2)
assert_eq(c.smethod(1), 2)
assert_eq(type(Child.make(5)).__name__, "Child")
assert_eq(repr(c), "<Child 3>")
assert_eq(str(c), "<Child 3>")
assert_eq(Base.count, 2)
assert_true(isinstance(c, Base))
assert_true(issubclass(Child, Base))
assert_true(not isinstance(c, int))
assert_true(isinstance(c, (int, Child)))
assert_eq(Child.__mro__, (Child, Base, object))
assert_eq(Child.__name__, "Child")
assert_eq(hasattr(c, "y"), True)
assert_eq(getattr(c, "z", 9), 9)
setattr(c, "z", 1)
assert_eq(c.z, 1)
del c.z
assert_eq(hasattr(c, "z"), False)

# property with setter
class P:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, value):
        self._v = value * 10
p = P()
p.v = 2
assert_eq(p.v, 20)

# diamond MRO
class A: pass
class B(A):
    def who(self): return "B"
class C(A):
    def who(self): return "C"
class D(B, C): pass
assert_eq([k.__name__ for k in D.__mro__], ["D", "B", "C", "A", "object"])
assert_eq(D().who(), "B")

# cooperative super
class M1:
    def __init__(self, **kw):
        self.log = ["M1"]
class M2(M1):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.log.append("M2")
class M3(M1):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.log.append("M3")
class M4(M2, M3):
    def __init__(self):
        super(M4, self).__init__()
        self.log.append("M4")
assert_eq(M4().log, ["M1", "M3", "M2", "M4"])

# operators
class V:
    def __init__(self, x): self.x = x
    def __add__(self, o): return V(self.x + (o.x if isinstance(o, V) else o))
    def __radd__(self, o): return V(self.x + o)
    def __mul__(self, k): return V(self.x * k)
    def __matmul__(self, o): return self.x * o.x
    def __eq__(self, o): return isinstance(o, V) and self.x == o.x
    def __hash__(self): return hash(self.x)
    def __lt__(self, o): return self.x < o.x
    def __len__(self): return self.x
    def __getitem__(self, i): return i * 2
    def __call__(self, y): return self.x + y
    def __contains__(self, y): return y == self.x
    def __neg__(self): return V(-self.x)
    def __bool__(self): return self.x != 0
    def __iter__(self): return iter(range(self.x))
assert_eq((V(1) + V(2)).x, 3)
assert_eq((1 + V(2)).x, 3)
assert_eq((V(2) * 3).x, 6)
assert_eq(V(2) @ V(3), 6)
assert_true(V(1) == V(1))
assert_true(V(1) != V(2))
assert_eq(len(V(4)), 4)
assert_eq(V(0)[5], 10)
assert_eq(V(1)(2), 3)
assert_true(3 in V(3))
assert_eq((-V(1)).x, -1)
assert_eq(bool(V(0)), False)
assert_eq(list(V(3)), [0, 1, 2])
assert_eq(sorted([V(3), V(1)])[0].x, 1)
assert_eq({V(1): "a"}[V(1)], "a")
s = V(5)
s += 1
assert_eq(s.x, 6)

# __getattr__ and __setattr__
class Tracker:
    def __init__(self):
        object.__setattr__(self, "order", [])
    def __setattr__(self, name, value):
        self.order.append(name)
        object.__setattr__(self, name, value)
    def __getattr__(self, name):
        return "missing:" + name
t = Tracker()
t.a = 1
t.b = 2
assert_eq(t.order, ["a", "b"])
assert_eq(t.zzz, "missing:zzz")

# class attributes, nested classes, class decorators
def register(cls):
    cls.registered = True
    return cls
@register
class R:
    class Inner:
        v = 1
    items = [i for i in range(3)]
assert_eq(R.registered, True)
assert_eq(R.Inner.v, 1)
assert_eq(R.items, [0, 1, 2])

def make_class(n):
    class K:
        size = n
        def get(self):
            return n
    return K
assert_eq(make_class(4).size, 4)
assert_eq(make_class(5)().get(), 5)
# type() with three arguments
T = type("T", (Base,), {"extra": 1})
assert_eq(T(1).extra, 1)
assert_eq(T(2).describe(), "Base(2)")
# dict subclass
class AttrDict(dict):
    def __getattr__(self, k):
        return self[k]
ad = AttrDict(a=1)
ad["b"] = 2
assert_eq(ad.a + ad.b, 3)
assert_eq(len(ad), 2)
assert_eq(sorted(ad.keys()), ["a", "b"])
class MyList(list):
    def total(self):
        return sum(self)
ml = MyList([1, 2])
ml.append(3)
assert_eq(ml.total(), 6)
assert_eq(ml[0], 1)
---
class A:
    def __init__(self, x):
        self.x = x
A() ### "missing 1 required positional argument: 'x'"
---
class A:
    pass
A().nope ### "AttributeError: 'A' object has no attribute 'nope'"
---
class A:
    def method(self): pass
A().methd() ### "has no attribute 'methd' \(did you mean 'method'\?\)"
---
class A:
    @property
    def p(self): return 1
a = A()
a.p = 2 ### "can't set attribute 'p'"
---
int.foo = 1 ### "cannot set 'foo' attribute of built-in class 'int'"
