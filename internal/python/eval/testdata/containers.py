l = [3, 1, 2]
l.append(4)
l.extend([5, 6])
l.insert(0, 0)
assert_eq(l, [0, 3, 1, 2, 4, 5, 6])
assert_eq(l.pop(), 6)
assert_eq(l.pop(0), 0)
l.remove(4)
assert_eq(l, [3, 1, 2, 5])
l.sort()
assert_eq(l, [1, 2, 3, 5])
l.sort(reverse=True)
assert_eq(l, [5, 3, 2, 1])
l.reverse()
assert_eq(l.index(3), 2)
assert_eq(l.count(1), 1)
assert_eq(l[1:3], [2, 3])
assert_eq(l[-2:], [3, 5])
assert_eq(l[::-1], [5, 3, 2, 1])
l[0] = 10
l[1:3] = [20, 30, 40]
assert_eq(l, [10, 20, 30, 40, 5])
del l[0]
del l[1:3]
assert_eq(l, [20, 5])
assert_eq([0] * 3, [0, 0, 0])
assert_eq([1, 2] + [3], [1, 2, 3])
assert_eq([[1, 2], [3]][0][1], 2)
assert_eq(list(range(5)), [0, 1, 2, 3, 4])
assert_eq(list(range(10, 0, -3)), [10, 7, 4, 1])
assert_eq(range(10)[2:5], range(2, 5))
assert_eq(len(range(0, 10, 3)), 4)
assert_eq(5 in range(10), True)
assert_eq(list(reversed([1, 2, 3])), [3, 2, 1])
assert_eq(list(enumerate("ab", 1)), [(1, "a"), (2, "b")])
assert_eq(list(zip([1, 2, 3], "ab")), [(1, "a"), (2, "b")])
assert_eq(sorted({3: 1, 1: 2}), [1, 3])
assert_eq([x * 2 for x in range(4) if x % 2 == 0], [0, 4])
assert_eq([(x, y) for x in range(2) for y in range(2)], [(0, 0), (0, 1), (1, 0), (1, 1)])
assert_eq([y for x in [[1, 2], [3]] for y in x], [1, 2, 3])
assert_eq({x % 3 for x in range(10)}, {0, 1, 2})
assert_eq(any(x > 2 for x in [1, 2, 3]), True)
assert_eq(all([]), True)

t = (1, 2, 3)
assert_eq(t[0], 1)
assert_eq(t + (4,), (1, 2, 3, 4))
assert_eq(t.index(2), 1)
assert_eq(tuple([1, 2]), (1, 2))
assert_eq((1, 2) < (1, 3), True)
assert_eq(len(()), 0)

d = {"a": 1, "b": 2}
d["c"] = 3
assert_eq(list(d), ["a", "b", "c"])
assert_eq(d.keys(), ["a", "b", "c"])
assert_eq(list(d.values()), [1, 2, 3])
assert_eq(list(d.items())[0], ("a", 1))
assert_eq(d.get("z", 0), 0)
assert_eq(d.get("z"), None)
assert_eq(d.pop("a"), 1)
assert_eq(d.setdefault("x", []), [])
d.update({"y": 1}, z=2)
assert_eq(sorted(d.keys()), ["b", "c", "x", "y", "z"])
assert_eq("b" in d, True)
del d["b"]
assert_eq("b" in d, False)
assert_eq(dict(a=1, b=2), {"b": 2, "a": 1})
assert_eq(dict([("a", 1)]), {"a": 1})
assert_eq(dict(zip("ab", [1, 2])), {"a": 1, "b": 2})
assert_eq({**{"a": 1}, "b": 2}, {"a": 1, "b": 2})
assert_eq({1: "a", 1.0: "b"}, {1: "b"})
assert_eq({(1, 2): "t"}[(1, 2)], "t")
assert_eq(dict.fromkeys(["a", "b"], 0), {"a": 0, "b": 0})
big = {}
for i in range(100):
    big["k%d" % i] = i
for i in range(0, 100, 2):
    del big["k%d" % i]
assert_eq(len(big), 50)
assert_eq(big["k51"], 51)
assert_eq(list(big)[:3], ["k1", "k3", "k5"])
assert_eq({"a": 1} | {"b": 2}, {"a": 1, "b": 2})

s = {1, 2, 3}
s.add(4)
s.discard(1)
assert_eq(s, {2, 3, 4})
assert_eq(s & {3, 4, 5}, {3, 4})
assert_eq(s | {9}, {2, 3, 4, 9})
assert_eq(s - {2}, {3, 4})
assert_eq(s ^ {4, 5}, {2, 3, 5})
assert_eq({1, 2}.issubset({1, 2, 3}), True)
assert_eq(set([1, 1, 2]), {1, 2})
assert_eq(frozenset([1]) == {1}, True)
a = [1, 2]
a.append(a)
assert_eq(str(a), "[1, 2, [...]]")
x = [1, 2]
x += [3]
x *= 2
assert_eq(x, [1, 2, 3, 1, 2, 3])
m = [[0] * 2 for _ in range(2)]
m[0][1] = 5
assert_eq(m, [[0, 5], [0, 0]])
assert_eq(slice(1, 2).stop, None if False else 2)
---
[1, 2][5] ### "IndexError: list index out of range"
---
{"a": 1}["b"] ### "KeyError: 'b'"
---
{[1]: 2} ### "TypeError: unhashable type: 'list'"
---
d = {1: 2}
for k in d: ### "dictionary changed size during iteration"
    d[k + 1] = 0
---
(1, 2)[0] = 5 ### "'tuple' object does not support item assignment"
---
len(5) ### "object of type 'int' has no len\(\)"
---
for x in 5: ### "'int' object is not iterable"
    pass
