# Numbers, operators, comparisons, control flow.
assert_eq(1 + 2 * 3, 7)
assert_eq(7 / 2, 3.5)
assert_eq(7 // 2, 3)
assert_eq(-7 // 2, -4)
assert_eq(-7 % 3, 2)
assert_eq(7 % -3, -2)
assert_eq(2 ** 10, 1024)
assert_eq(2 ** -1, 0.5)
assert_eq(1 << 10, 1024)
assert_eq(0xff & 0x0f | 0x100 ^ 1, 0x10f ^ 0)
assert_eq(~5, -6)
assert_eq(-(-3), 3)
assert_eq(7.5 // 2, 3.0)
assert_eq(-7.5 % 2, 0.5)
assert_eq(abs(-3), 3)
assert_eq(divmod(17, 5), (3, 2))
assert_eq(pow(2, 10, 1000), 24)
assert_eq(round(2.5), 2)
assert_eq(round(3.5), 4)
assert_eq(round(3.14159, 2), 3.14)
assert_eq(int("42"), 42)
assert_eq(int("ff", 16), 255)
assert_eq(int(3.9), 3)
assert_eq(float("1.5"), 1.5)
assert_eq(1_000_000, 1000000)
assert_eq(0o17, 15)
assert_eq(0b101, 5)
assert_eq(1e3, 1000.0)
assert_eq(True + True, 2)
assert_eq(1 < 2 < 3, True)
assert_eq(1 < 3 < 2, False)
assert_eq(1 == 1.0, True)
assert_eq(None is None, True)
assert_eq(1 is not None, True)
assert_eq(3 in [1, 2, 3], True)
assert_eq(4 not in (1, 2), True)
assert_eq("b" in "abc", True)
assert_eq(not 0, True)
assert_eq(0 or "x", "x")
assert_eq(1 and 2, 2)
assert_eq([] or [1], [1])
assert_eq(1 if True else 2, 1)
assert_eq(str(1.0), "1.0")
assert_eq(str(0.1 + 0.2), "0.30000000000000004")
assert_eq(str(1e20), "1e+20")
assert_eq(str(1e-5), "1e-05")
assert_eq(repr(1.5e16), "1.5e+16")
assert_eq(max(3, 1, 2), 3)
assert_eq(min([3, 1, 2]), 1)
assert_eq(max([], default=7), 7)
assert_eq(max(["a", "bbb", "cc"], key=len), "bbb")
assert_eq(sum([1, 2, 3]), 6)
assert_eq(sum([[1], [2]], []), [1, 2])
assert_eq(hash(1) == hash(1.0), True)
assert_eq(bool([]), False)
assert_eq(bool([0]), True)

# loops
n = 0
for i in range(10):
    if i == 3:
        continue
    if i == 6:
        break
    n += i
else:
    n = -1
assert_eq(n, 0 + 1 + 2 + 4 + 5)
k = 0
while k < 5:
    k += 1
else:
    k *= 10
assert_eq(k, 50)
for i in []:
    pass
else:
    found = False
assert_eq(found, False)
x = 10
x -= 3
x *= 2
x //= 3
x **= 2
x %= 7
assert_eq(x, 2)
a = b = [1]
assert_true(a is b)
(p, q), r = (1, 2), 3
assert_eq([p, q, r], [1, 2, 3])
first, *middle, last = range(6)
assert_eq((first, middle, last), (0, [1, 2, 3, 4], 5))
*init, tail = "abc"
assert_eq(init, ["a", "b"])
del a
assert_eq(x if (y := 5) > 3 else 0, 2)
assert_eq(y, 5)
---
1 // 0 ### "ZeroDivisionError: integer division or modulo by zero"
---
x = 2 ** 64 ### "OverflowError: integer overflow"
---
x = 9223372036854775807
y = x + 1 ### "OverflowError"
---
undefined_name ### "NameError: name 'undefined_name' is not defined"
---
lenght = 3
print(lengt) ### "name 'lengt' is not defined \(did you mean 'lenght'\?\)"
---
a, b = [1, 2, 3] ### "ValueError: too many values to unpack \(expected 2\)"
---
a, b, c = [1, 2] ### "not enough values to unpack \(expected 3, got 2\)"
---
"a" + 1 ### "TypeError: unsupported operand type\(s\) for \+: 'str' and 'int'"
---
[1] < "a" ### "TypeError: '<' not supported between instances of 'list' and 'str'"
---
x = 99999999999999999999 ### "SyntaxError: integer literal 99999999999999999999 is too large"
---
def never_called():
    return 1j
async def f():
    await g()
x = 2j ### "SyntaxError: complex numbers are not supported"
---
def f(:  ### "syntax error"
    pass
